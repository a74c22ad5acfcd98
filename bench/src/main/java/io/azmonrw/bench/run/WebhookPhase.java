package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadResult;
import io.azmonrw.bench.load.Target;
import io.azmonrw.bench.webhook.AdmissionFixtures;
import io.azmonrw.bench.webhook.AdmissionWorkload;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Admissions/s and latency over TLS against the webhook's real /mutate route in a forked, pinned JVM. */
public final class WebhookPhase {

  /** Results for one pod shape. */
  public record Result(String pod, int reviewBytes, PathRun saturation, PathRun fixed, double rate) {}

  private WebhookPhase() {}

  public static List<Result> run(BenchConfig cfg, Vertx vertx, List<String> problems) {
    List<Result> out = new ArrayList<>();
    int port = Procs.freePort();
    int readyPort = Procs.freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(cfg.jvmOptions().trim().split("\\s+")));
    cmd.addAll(List.of("-cp", Path.of("bench/target/azmon-rw-bench.jar").toAbsolutePath().toString(),
        "io.azmonrw.bench.webhook.WebhookServerMain", cfg.certPem().toAbsolutePath().toString(),
        cfg.keyPem().toAbsolutePath().toString(), Integer.toString(port), Integer.toString(readyPort)));
    Map<String, String> env = Map.of("BENCH_WEBHOOK_POD",
        Path.of(System.getenv().getOrDefault("BENCH_WEBHOOK_POD", "webhook/src/test/resources/pods/kps-prometheus.json")).toAbsolutePath().toString());
    Path log = cfg.workDir().resolve("webhook.log");
    if (!Files.exists(Path.of(env.get("BENCH_WEBHOOK_POD")))) {
      problems.add("webhook: pod fixture " + env.get("BENCH_WEBHOOK_POD") + " missing");
      return out;
    }
    try (Forked server = Forked.start("webhook", cfg.proxyCpus(), cmd, env, readyPort, log)) {
      if (server.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        problems.add("webhook server did not start: " + server.tail(5));
        return out;
      }
      for (String pod : List.of("kps", "large")) {
        byte[][] bodies = new byte[16][];
        for (int i = 0; i < bodies.length; i++) {
          bodies[i] = AdmissionFixtures.review(pod.equals("kps") ? AdmissionFixtures.kpsPod() : AdmissionFixtures.largePod(1500),
              "7b3c6f9e-0000-4000-8000-" + String.format("%012d", i));
        }
        AdmissionWorkload w = new AdmissionWorkload(bodies);
        try (LoadGenerator g = new LoadGenerator(vertx, new Target("webhook-" + pod, "127.0.0.1", port, true, "/mutate"), w,
            cfg.certPem().toString(), 64)) {
          g.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds());
          PathRun sat = PathComparison.measure(server, () -> g.closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
          double rate = Math.max(1, Math.floor(sat.result().requestsPerSecond() / 2));
          PathRun fixed = PathComparison.measure(server, () -> g.openLoop(rate, 0, cfg.openSeconds()));
          LoadResult f = fixed.result();
          BenchMain.log("webhook %s (%d B): %.0f admissions/s; at %.0f/s p50 %.2f ms p99 %.2f ms, %d failed%s", pod, w.size(),
              sat.result().requestsPerSecond(), rate, f.millis(50), f.millis(99), f.failed() + sat.result().failed(),
              sat.result().firstFailure() == null ? "" : " (" + sat.result().firstFailure() + ")");
          out.add(new Result(pod, w.size(), sat, fixed, rate));
        }
      }
    }
    return out;
  }
}
