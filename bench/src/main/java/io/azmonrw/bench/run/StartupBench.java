package io.azmonrw.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Process start to {@code /ready} 200 and idle RSS, with the JDK's default CDS only and with an AppCDS archive. */
public final class StartupBench {

  /** Results of one variant: start-to-ready times and idle RSS, in run order. */
  public record Variant(String name, List<Double> readyMillis, List<Double> idleRssMib, String note) {

    public double medianReadyMillis() {
      return median(readyMillis);
    }

    public double medianIdleRssMib() {
      return median(idleRssMib);
    }
  }

  private final BenchConfig cfg;
  private final int sinkPort;
  private final int tokenPort;

  public StartupBench(BenchConfig cfg, int sinkPort, int tokenPort) {
    this.cfg = cfg;
    this.sinkPort = sinkPort;
    this.tokenPort = tokenPort;
  }

  static double median(List<Double> xs) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).filter(d -> d >= 0).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Runs the variant {@code runs} times. */
  public Variant run(String name, List<String> extraJvm, int runs) {
    List<Double> ready = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    String note = "";
    for (int i = 0; i < runs; i++) {
      try (Forked p = Launchers.proxy(cfg, sinkPort, tokenPort, extraJvm, name.replace(' ', '-') + "-" + i)) {
        double ms = p.awaitHttp200("/ready", Duration.ofSeconds(60));
        ready.add(ms);
        if (ms < 0) {
          note = "did not become ready: " + p.tail(5);
          BenchMain.log("startup %s: not ready; log tail:%n%s", name, p.tail(20));
          continue;
        }
        sleep(1000);
        rss.add(Procs.rssMib(p.pid()));
        BenchMain.log("startup %s run %d: ready in %.0f ms, idle RSS %.1f MiB", name, i + 1, ms, rss.get(rss.size() - 1));
      }
    }
    return new Variant(name, ready, rss, note);
  }

  /**
   * Writes an AppCDS archive from one training run (start, {@code exercise} the write path, SIGTERM), as an image
   * build would; returns the archive or null if the JVM wrote none.
   */
  public Path trainArchive(Consumer<Forked> exercise) {
    Path jsa = cfg.workDir().resolve("proxy/app-cds.jsa").toAbsolutePath();
    try {
      Files.deleteIfExists(jsa);
      try (Forked p = Launchers.proxy(cfg, sinkPort, tokenPort, List.of("-XX:ArchiveClassesAtExit=" + jsa), "cds-train")) {
        if (p.awaitHttp200("/ready", Duration.ofSeconds(60)) >= 0) {
          exercise.accept(p);
        }
        int exit = p.stop(30);
        BenchMain.log("AppCDS training run exited %d; archive %s", exit, Files.exists(jsa) ? Files.size(jsa) + " bytes" : "missing");
      }
      return Files.exists(jsa) ? jsa : null;
    } catch (java.io.IOException e) {
      BenchMain.log("AppCDS training failed: %s", e);
      return null;
    }
  }

  public static List<String> useArchive(Path jsa) {
    return Arrays.asList("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
