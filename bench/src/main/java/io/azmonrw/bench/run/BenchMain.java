package io.azmonrw.bench.run;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.gen.Payloads.Version;
import io.azmonrw.bench.gen.SeriesSet;
import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.Workload;
import io.azmonrw.bench.run.PathComparison.Path;
import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.TestCa;
import io.azmonrw.testkit.TokenStandIn;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `make bench`: startup, the three-path comparison, sustained load, the webhook, a profile and the JMH benchmarks,
 * then rewrites BENCHMARKS.md. Measures only; it never fails on a number.
 */
public final class BenchMain {

  private static final String PROXY_WRITE = "/api/v1/write";

  private BenchMain() {}

  static void log(String fmt, Object... args) {
    System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(fmt, args));
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    BenchConfig cfg = BenchConfig.from(System.getenv());
    Set<String> phases = Set.of(System.getenv().getOrDefault("BENCH_PHASES", "startup,paths,sustained,webhook,profile,jmh").split(","));
    Report report = new Report(cfg);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    TestCa ca = TestCa.generate(cfg.workDir().resolve("tls"));
    // testkit's stand-ins: the ingestion one in its counting mode (no token check, no decoding), tokens for a day
    IngestionStandIn sink = new IngestionStandIn(vertx, ca, bearer -> true).countOnly();
    TokenStandIn token = new TokenStandIn(vertx, ca).tokenLifetime(Duration.ofDays(1));
    sink.start().toCompletionStage().toCompletableFuture().join();
    token.start().toCompletionStage().toCompletableFuture().join();
    Launchers.Peers peers = new Launchers.Peers(ca, sink, token);
    SeriesSet set = SeriesSet.generate(cfg.series(), 42);
    Payloads v1 = Payloads.build(Version.V1, set, cfg.samplesPerRequest(), 4);
    Payloads v2 = Payloads.build(Version.V2, set, cfg.samplesPerRequest(), 4);
    report.payloads = List.of(v1, v2);
    log("sink :%d, token stand-in :%d, %d series, %d bodies/version (V1 %d B, V2 %d B compressed)", sink.port(), token.port(), set.size(),
        v1.workload().bodies().length, v1.workload().meanBytes(), v2.workload().meanBytes());
    boolean proxyJar = Files.exists(cfg.proxyJar());
    if (!proxyJar) {
      report.problems.add("proxy jar " + cfg.proxyJar() + " missing: proxy measurements skipped");
    }
    try {
      if (proxyJar && phases.contains("startup")) {
        startup(cfg, report, peers, vertx, v1.workload());
      }
      if (proxyJar && (phases.contains("paths") || phases.contains("sustained"))) {
        paths(cfg, report, peers, vertx, v1.workload(), v2.workload(), phases);
      }
      if (phases.contains("webhook")) {
        report.webhook = WebhookPhase.run(cfg, ca, vertx, report.problems);
      }
      if (proxyJar && phases.contains("profile")) {
        report.profile = Profile.run(cfg, peers, vertx, v1.workload(), report.problems);
        log("profile: %d execution samples", report.profile.samples());
      }
      if (phases.contains("jmh")) {
        try {
          report.jmh = MicroBench.run(cfg.jmhInclude(), cfg.jvmOptions());
        } catch (Exception | LinkageError e) {
          report.problems.add("JMH failed: " + e);
        }
      }
    } finally {
      report.tokensIssued = peers.tokensIssued();
      report.sinkRequests = sink.requestCount();
      report.sinkWithBearer = sink.withBearer();
      Files.writeString(cfg.output(), report.render());
      log("wrote %s", cfg.output().toAbsolutePath());
      sink.close();
      token.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    System.exit(0);
  }

  private static void startup(BenchConfig cfg, Report report, Launchers.Peers peers, Vertx vertx, Workload v1) {
    report.startupDefault = StartupBench.run(cfg, peers, "JDK default CDS", List.of());
    java.nio.file.Path jsa = StartupBench.trainArchive(cfg, peers, p -> {
      peers.awaitTokens(1);
      try (LoadGenerator g = new LoadGenerator(vertx, p.port(), PROXY_WRITE, null, v1, 4)) {
        g.closedLoop(4, 0, 3);
      }
    });
    if (jsa != null) {
      report.startupAppCds = StartupBench.run(cfg, peers, "AppCDS archive", List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto"));
    } else {
      report.problems.add("AppCDS: the training run wrote no archive (does the proxy exit 0 on SIGTERM?)");
    }
  }

  private static void paths(BenchConfig cfg, Report report, Launchers.Peers peers, Vertx vertx, Workload v1, Workload v2, Set<String> phases) {
    Forked proxy = Launchers.readyProxy(cfg, peers, cfg.jvmOptions(), Map.of(), List.of(), "main", report.problems);
    if (proxy == null) {
      return;
    }
    List<Path> list = new ArrayList<>();
    Forked nginx = null;
    try {
      StartupBench.sleep(1000);
      report.proxyIdleRssMib = Procs.rssMib(proxy.pid());
      int conns = Math.max(cfg.concurrency(), 64);
      list.add(new Path("direct", new LoadGenerator(vertx, peers.sink().port(), peers.writePath(), peers.ca().trustOptions(), v1, conns), null));
      list.add(new Path("ours", new LoadGenerator(vertx, proxy.port(), PROXY_WRITE, null, v1, conns), proxy));
      if (!Files.isExecutable(java.nio.file.Path.of(cfg.nginxBinary()))) {
        report.problems.add("nginx not installed at " + cfg.nginxBinary() + ": nginx path skipped");
      } else if ((nginx = Launchers.nginx(cfg, peers)).awaitHttp200("/ready", Duration.ofSeconds(20)) < 0) {
        report.problems.add("nginx did not start: " + nginx.tail(10));
      } else {
        list.add(new Path("nginx", new LoadGenerator(vertx, nginx.port(), peers.writePath(), null, v1, conns), nginx));
      }
      if (phases.contains("paths")) {
        report.comparison = new PathComparison(cfg, list).run(cfg.warmupSeconds() / 2);
        // remote write 2.0 through our proxy: same series, other encoding
        try (LoadGenerator g2 = new LoadGenerator(vertx, proxy.port(), PROXY_WRITE, null, v2, conns)) {
          g2.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds() / 2);
          report.oursV2 = PathComparison.measure(proxy, () -> g2.closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
          log("closed ours RW2.0: %.0f req/s", report.oursV2.result().requestsPerSecond());
        }
      }
      if (phases.contains("sustained")) {
        double rate = cfg.sustainSamplesPerSecond() / cfg.samplesPerRequest();
        double sat = report.comparison == null ? Double.MAX_VALUE : report.comparison.best("ours").result().requestsPerSecond();
        if (rate > 0.8 * sat) {
          report.problems.add(String.format("sustained: %.0f samples/s is over 80%% of the proxy's saturation here; ran at %.0f samples/s",
              cfg.sustainSamplesPerSecond(), 0.8 * sat * cfg.samplesPerRequest()));
          rate = Math.floor(0.8 * sat);
        }
        log("sustained: %.0f req/s for %.0f s", rate, cfg.sustainSeconds());
        report.sustained = PathComparison.sustained(list.get(1).generator(), proxy, rate, cfg.sustainSeconds());
        log("sustained done: %d ok, %d failed, max RSS %.1f MiB", report.sustained.run().result().ok(), report.sustained.run().result().failed(),
            report.sustained.maxRssMib());
      }
      report.proxyPeakRssMib = Procs.peakRssMib(proxy.pid());
      if (report.sustained != null) {
        report.sustainedTuned = tunedSustained(cfg, peers, vertx, v1, report.sustained.rate(), report.problems);
      }
      report.nginxPeakRssMib = list.size() < 3 ? Double.NaN : Procs.peakRssMib(nginx.pid());
    } finally {
      list.forEach(p -> p.generator().close());
      if (nginx != null) {
        nginx.close();
      }
      report.proxyExit = proxy.stop(30);
    }
  }

  /** The same sustained load through a fresh proxy with the leaner JVM options, for the RSS goal. */
  private static PathComparison.Sustained tunedSustained(BenchConfig cfg, Launchers.Peers peers, Vertx vertx, Workload v1, double rate,
      List<String> problems) {
    try (Forked p = Launchers.readyProxy(cfg, peers, cfg.tunedJvmOptions(), Map.of("MALLOC_ARENA_MAX", "2"), List.of(), "tuned", problems)) {
      if (p == null) {
        return null;
      }
      try (LoadGenerator g = new LoadGenerator(vertx, p.port(), PROXY_WRITE, null, v1, 64)) {
        g.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds());
        PathComparison.Sustained r = PathComparison.sustained(g, p, rate, Math.min(60, cfg.sustainSeconds()));
        log("sustained (tuned JVM options): %d ok, %d failed, max RSS %.1f MiB", r.run().result().ok(), r.run().result().failed(), r.maxRssMib());
        return r;
      }
    }
  }
}
