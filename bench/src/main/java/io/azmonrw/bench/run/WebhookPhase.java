package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.Workload;
import io.azmonrw.bench.webhook.WebhookServerMain;
import io.azmonrw.testkit.TestCa;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Admissions/s and latency over TLS against the webhook's real /mutate route in a forked, pinned JVM with the webhook image's flags. */
final class WebhookPhase {

  /** Results for one pod shape: its rounds (closed loop, then open loop at half the median saturation). */
  record Result(String pod, long reviewBytes, PathComparison rounds) {}

  /** The webhook's memory limit in the chart (charts/azmon-remote-write/values.yaml, resources.limits.memory), standing in for the cgroup. */
  static final String WEBHOOK_MAX_RAM = "-XX:MaxRAM=384m";

  private WebhookPhase() {}

  static List<Result> run(BenchConfig cfg, TestCa ca, Vertx vertx, List<String> problems) {
    List<Result> out = new ArrayList<>();
    int port = Forked.freePort();
    int readyPort = Forked.freePort();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:Flags=" + BenchConfig.WEBHOOK_FLAGS.toAbsolutePath(), WEBHOOK_MAX_RAM));
    cmd.addAll(List.of("-cp", Path.of("bench/target/azmon-rw-bench.jar").toAbsolutePath().toString(), WebhookServerMain.class.getName(),
        ca.serverCertPem().toAbsolutePath().toString(), ca.serverKeyPem().toAbsolutePath().toString(), Integer.toString(port), Integer.toString(readyPort)));
    try (Forked server = new Forked(cfg.proxyCpus(), cmd, Map.of(), readyPort, cfg.workDir().resolve("webhook.log"), false)) {
      if (server.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        problems.add("webhook server did not start: " + server.tail(5));
        return out;
      }
      for (String pod : List.of("kps", "large")) {
        byte[][] bodies = new byte[16][];
        for (int i = 0; i < bodies.length; i++) {
          bodies[i] = WebhookServerMain.review(pod, "7b3c6f9e-0000-4000-8000-" + String.format("%012d", i));
        }
        Workload w = new Workload(bodies, 1, Map.of("Content-Type", "application/json"));
        try (LoadGenerator g = new LoadGenerator(vertx, port, "/mutate", ca.trustOptions(), w, 64)) {
          out.add(new Result(pod, w.meanBytes(), new PathComparison(cfg, List.of(new PathComparison.Path(pod, g, server, true))).run(cfg.warmupSeconds())));
        }
      }
    }
    return out;
  }
}
