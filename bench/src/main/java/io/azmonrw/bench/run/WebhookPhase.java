package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadResult;
import io.azmonrw.bench.load.Workload;
import io.azmonrw.bench.webhook.Reviews;
import io.azmonrw.testkit.TestCa;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Admissions/s and latency over TLS against the webhook's real /mutate route in a forked, pinned JVM. */
public final class WebhookPhase {

  /** Results for one pod shape. */
  public record Result(String pod, long reviewBytes, PathRun saturation, PathRun fixed, double rate) {}

  private WebhookPhase() {}

  public static List<Result> run(BenchConfig cfg, TestCa ca, Vertx vertx, List<String> problems) {
    List<Result> out = new ArrayList<>();
    int port = Procs.freePort();
    int readyPort = Procs.freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(cfg.jvmOptions().trim().split("\\s+")));
    cmd.addAll(List.of("-cp", Path.of("bench/target/azmon-rw-bench.jar").toAbsolutePath().toString(), "io.azmonrw.bench.webhook.WebhookServerMain",
        ca.serverCertPem().toAbsolutePath().toString(), ca.serverKeyPem().toAbsolutePath().toString(), Integer.toString(port), Integer.toString(readyPort)));
    try (Forked server = new Forked(cfg.proxyCpus(), cmd, Map.of(), readyPort, cfg.workDir().resolve("webhook.log"))) {
      if (server.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        problems.add("webhook server did not start: " + server.tail(5));
        return out;
      }
      for (String pod : List.of("kps", "large")) {
        byte[][] bodies = new byte[16][];
        for (int i = 0; i < bodies.length; i++) {
          bodies[i] = Reviews.review(pod, "7b3c6f9e-0000-4000-8000-" + String.format("%012d", i));
        }
        Workload w = new Workload(bodies, 1, Map.of("Content-Type", "application/json"));
        try (LoadGenerator g = new LoadGenerator(vertx, port, "/mutate", ca.trustOptions(), w, 64)) {
          g.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds());
          PathRun sat = PathComparison.measure(server, () -> g.closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
          double rate = Math.max(1, Math.floor(sat.result().requestsPerSecond() / 2));
          PathRun fixed = PathComparison.measure(server, () -> g.openLoop(rate, 0, cfg.openSeconds()));
          LoadResult f = fixed.result();
          BenchMain.log("webhook %s (%d B): %.0f admissions/s; at %.0f/s p50 %.2f ms p99 %.2f ms, %d failed%s", pod, w.meanBytes(),
              sat.result().requestsPerSecond(), rate, f.millis(50), f.millis(99), f.failed() + sat.result().failed(),
              sat.result().firstFailure() == null ? "" : " (" + sat.result().firstFailure() + ")");
          out.add(new Result(pod, w.meanBytes(), sat, fixed, rate));
        }
      }
    }
    return out;
  }
}
