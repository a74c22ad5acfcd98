package io.azmonrw.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Process start to {@code /ready} 200 and idle RSS, with the JDK's default CDS only and with an AppCDS archive. */
final class StartupBench {

  /** Results of one variant: start-to-ready times and idle RSS, in run order. */
  record Variant(String name, List<Double> readyMillis, List<Double> idleRssMib, String note) {

    double medianReadyMillis() {
      return median(readyMillis);
    }

    double medianIdleRssMib() {
      return median(idleRssMib);
    }
  }

  private StartupBench() {}

  static double median(List<Double> xs) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).filter(d -> d >= 0).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Starts and stops the proxy {@code cfg.startupRuns()} times. */
  static Variant run(BenchConfig cfg, Launchers.Peers peers, String name, List<String> extraJvm) {
    List<Double> ready = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    String note = "";
    for (int i = 0; i < cfg.startupRuns(); i++) {
      try (Forked p = Launchers.proxy(cfg, peers, extraJvm, name.replace(' ', '-') + "-" + i)) {
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
   * Writes a static AppCDS archive as an image build would: a training run (start, {@code exercise} the write path,
   * SIGTERM) lists the loaded classes, then {@code -Xshare:dump} archives them. Returns the archive or null.
   */
  static Path trainArchive(BenchConfig cfg, Launchers.Peers peers, Consumer<Forked> exercise) {
    Path dir = cfg.workDir().resolve("proxy").toAbsolutePath();
    Path list = dir.resolve("classes.lst");
    Path jsa = dir.resolve("app-cds.jsa");
    try {
      Files.deleteIfExists(jsa);
      Files.deleteIfExists(list);
      try (Forked p = Launchers.proxy(cfg, peers, List.of("-XX:DumpLoadedClassList=" + list), "cds-train")) {
        if (p.awaitHttp200("/ready", Duration.ofSeconds(60)) >= 0) {
          exercise.accept(p);
        }
        BenchMain.log("AppCDS training run exited %d; class list %s", p.stop(30), Files.exists(list) ? Files.size(list) + " bytes" : "missing");
      }
      if (!Files.exists(list)) {
        return null;
      }
      // JDK 17 (its dynamic archive, -XX:ArchiveClassesAtExit, too) crashes in adjust_lambda_proxy_class_dictionary
      // archiving this app's lambda proxies: archive classes only
      Files.write(list, Files.readAllLines(list).stream().filter(l -> !l.startsWith("@lambda-")).toList());
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      cmd.addAll(Arrays.asList(cfg.jvmOptions().trim().split("\\s+")));
      cmd.addAll(List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-Xshare:dump", "-XX:SharedClassListFile=" + list,
          "-XX:SharedArchiveFile=" + jsa, "-cp", cfg.proxyJar().toAbsolutePath().toString()));
      Process dump = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("cds-dump.log").toFile()).start();
      boolean done = dump.waitFor(120, TimeUnit.SECONDS);
      BenchMain.log("AppCDS dump exited %s; archive %s", done ? Integer.toString(dump.exitValue()) : "timeout",
          Files.exists(jsa) ? Files.size(jsa) + " bytes" : "missing");
      return Files.exists(jsa) ? jsa : null;
    } catch (IOException e) {
      BenchMain.log("AppCDS training failed: %s", e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
