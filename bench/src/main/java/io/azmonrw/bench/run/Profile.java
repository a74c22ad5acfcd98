package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadResult;
import io.azmonrw.bench.load.Workload;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the proxy spends its CPU and memory under load: a separate proxy run with JFR (execution samples) and
 * native memory tracking, so that the measured runs carry no profiling overhead.
 */
public final class Profile {

  /** Top frames by share of execution samples, and the NMT summary's committed sizes. */
  public record Result(long samples, List<String> categories, List<String> topLeafFrames, List<String> topOwnFrames, List<String> nativeMemory) {}

  private Profile() {}

  public static Result run(BenchConfig cfg, Launchers.Peers peers, Vertx vertx, Workload load) throws IOException {
    Path jfr = cfg.workDir().resolve("proxy/proxy.jfr").toAbsolutePath();
    Files.deleteIfExists(jfr);
    List<String> nmt = new ArrayList<>();
    long tokensBefore = peers.tokensIssued();
    try (Forked p = Launchers.proxy(cfg, peers,
        List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true", "-XX:NativeMemoryTracking=summary"), "profile")) {
      if (p.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        return new Result(0, List.of(), List.of("proxy did not start: " + p.tail(3)), List.of(), List.of());
      }
      peers.awaitTokens(tokensBefore + 1);
      try (LoadGenerator g = new LoadGenerator(vertx, p.port(), "/api/v1/write", null, load, 64)) {
        g.closedLoop(cfg.concurrency(), 0, 2);
        LoadResult r = g.closedLoop(cfg.concurrency(), 0, cfg.closedSeconds());
        BenchMain.log("profile load: %d ok, %d failed%s", r.ok(), r.failed(), r.firstFailure() == null ? "" : " (" + r.firstFailure() + ")");
      }
      nmt = nativeMemory(p.pid());
      p.stop(30);
    }
    if (!Files.exists(jfr)) {
      return new Result(0, List.of(), List.of("no JFR recording written"), List.of(), nmt);
    }
    Map<String, Long> leaf = new HashMap<>();
    Map<String, Long> own = new HashMap<>();
    Map<String, Long> category = new HashMap<>();
    long n = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      n++;
      leaf.merge(frameName(frames.get(0)), 1L, Long::sum);
      category.merge(category(frames), 1L, Long::sum);
      // the first frame in our own code: which of our steps the sample belongs to
      for (RecordedFrame f : frames) {
        String name = frameName(f);
        if (name.startsWith("io.azmonrw.")) {
          own.merge(name, 1L, Long::sum);
          break;
        }
      }
    }
    return new Result(n, top(category, n, 10), top(leaf, n, 12), top(own, n, 8), nmt);
  }

  /** What a sample was doing, judged by its leaf frame (and the stack, for startup work). */
  static String category(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String t = f.getMethod().getType().getName();
      if (t.startsWith("io.azmonrw.common.service.ServiceLauncher") || t.startsWith("io.azmonrw.proxy.auth")) {
        return "startup and token (azure-identity, config, class loading)";
      }
    }
    String leaf = frames.get(0).getMethod().getType().getName();
    if (leaf.startsWith("sun.security.") || leaf.startsWith("com.sun.crypto.") || leaf.startsWith("javax.crypto.")
        || leaf.startsWith("javax.net.ssl.") || leaf.startsWith("io.netty.handler.ssl.")) {
      return "TLS to the upstream (JDK JSSE)";
    }
    if (leaf.startsWith("io.azmonrw.proxy.decode.") || leaf.startsWith("com.google.protobuf.") || leaf.startsWith("org.xerial.snappy.")
        || leaf.startsWith("java.lang.invoke.VarHandleByteArray")) {
      return "decode (snappy + protobuf scan)";
    }
    if (leaf.startsWith("io.netty.")) {
      return "Netty I/O and buffers";
    }
    if (leaf.startsWith("io.vertx.")) {
      return "Vert.x HTTP";
    }
    if (leaf.startsWith("io.micrometer.") || leaf.startsWith("io.prometheus.")) {
      return "metrics (Micrometer)";
    }
    if (leaf.startsWith("io.azmonrw.")) {
      return "our other code";
    }
    return "JDK other (" + leaf.substring(0, Math.max(0, leaf.lastIndexOf('.'))) + ")";
  }

  private static String frameName(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static List<String> top(Map<String, Long> counts, long total, int k) {
    return counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(k)
        .map(en -> String.format("%.1f%% `%s`", 100.0 * en.getValue() / Math.max(1, total), en.getKey()))
        .toList();
  }

  /** Committed sizes per category from {@code jcmd PID VM.native_memory summary}. */
  private static List<String> nativeMemory(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> out = new ArrayList<>();
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary", "scale=MB")
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      for (String line : text.split("\n")) {
        String t = line.trim();
        if (t.startsWith("Total:") || (t.startsWith("-") && t.contains("committed="))) {
          out.add(t.replaceFirst("^-\\s*", "").replaceAll("\\s+", " "));
        }
      }
    } catch (IOException e) {
      out.add("jcmd failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
