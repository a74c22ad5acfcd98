package io.azmonrw.bench.run;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.gen.Payloads.Version;
import io.azmonrw.bench.gen.SeriesSet;
import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.Workload;
import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.TestCa;
import io.azmonrw.testkit.TokenStandIn;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `make bench`: startup, the three-path comparison, sustained load and the JMH benchmarks, then rewrites
 * BENCHMARKS.md. Measures only; it never fails on a number.
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
        report.profile = Profile.run(cfg, peers, vertx, v1.workload());
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
    Path jsa = StartupBench.trainArchive(cfg, peers, p -> {
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

  /** The same sustained load through a fresh proxy with the leaner JVM options, for the RSS goal. */
  private static Sustained.Result tunedSustained(BenchConfig cfg, Launchers.Peers peers, Vertx vertx, Workload v1, double rate, List<String> problems) {
    long before = peers.tokensIssued();
    try (Forked p = Launchers.proxy(cfg, peers, cfg.tunedJvmOptions(), Map.of("MALLOC_ARENA_MAX", "2"), List.of(), "tuned")) {
      if (p.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        problems.add("tuned proxy did not start: " + p.tail(5));
        return null;
      }
      peers.awaitTokens(before + 1);
      try (LoadGenerator g = new LoadGenerator(vertx, p.port(), PROXY_WRITE, null, v1, 64)) {
        g.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds());
        Sustained.Result r = Sustained.run(g, p, rate, Math.min(60, cfg.sustainSeconds()));
        log("sustained (tuned JVM options): %d ok, %d failed, max RSS %.1f MiB", r.run().result().ok(), r.run().result().failed(), r.maxRssMib());
        return r;
      }
    }
  }

  private static void paths(BenchConfig cfg, Report report, Launchers.Peers peers, Vertx vertx, Workload v1, Workload v2, Set<String> phases) {
    long tokensBefore = peers.tokensIssued();
    try (Forked proxy = Launchers.proxy(cfg, peers, List.of(), "main")) {
      if (proxy.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        report.problems.add("proxy did not become ready: " + proxy.tail(10));
        return;
      }
      if (!peers.awaitTokens(tokensBefore + 1)) {
        report.problems.add("proxy fetched no token from the stand-in within 30 s: " + proxy.tail(10));
      }
      StartupBench.sleep(1000);
      report.proxyIdleRssMib = Procs.rssMib(proxy.pid());
      int conns = Math.max(cfg.concurrency(), 64);
      List<PathComparison.Path> list = new ArrayList<>();
      list.add(new PathComparison.Path("direct", new LoadGenerator(vertx, peers.sink().port(), peers.writePath(), peers.ca().trustOptions(), v1, conns), null));
      list.add(new PathComparison.Path("ours", new LoadGenerator(vertx, proxy.port(), PROXY_WRITE, null, v1, conns), proxy));
      Forked nginx = null;
      if (Files.isExecutable(Path.of(cfg.nginxBinary()))) {
        nginx = Launchers.nginx(cfg, peers);
        if (nginx.awaitHttp200("/ready", Duration.ofSeconds(20)) < 0) {
          report.problems.add("nginx did not start: " + nginx.tail(10));
          nginx.close();
          nginx = null;
        } else {
          list.add(new PathComparison.Path("nginx", new LoadGenerator(vertx, nginx.port(), peers.writePath(), null, v1, conns), nginx));
        }
      } else {
        report.problems.add("nginx not installed at " + cfg.nginxBinary() + ": nginx path skipped");
      }
      try {
        if (phases.contains("paths")) {
          PathComparison cmp = new PathComparison(cfg, list);
          cmp.saturation();
          cmp.fixedRate();
          report.comparison = cmp;
          // remote write 2.0 through our proxy: same series, other encoding
          try (LoadGenerator g2 = new LoadGenerator(vertx, proxy.port(), PROXY_WRITE, null, v2, conns)) {
            g2.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds() / 2);
            report.oursV2 = PathComparison.measure(proxy, () -> g2.closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
            log("closed ours RW2.0: %.0f req/s", report.oursV2.result().requestsPerSecond());
          }
        }
        if (phases.contains("sustained")) {
          double rate = cfg.sustainSamplesPerSecond() / cfg.samplesPerRequest();
          if (report.comparison != null) {
            double sat = report.comparison.best("ours").result().requestsPerSecond();
            if (rate > 0.8 * sat) {
              report.problems.add(String.format("sustained: %.0f samples/s is over 80%% of the proxy's saturation here; ran at %.0f samples/s",
                  cfg.sustainSamplesPerSecond(), 0.8 * sat * cfg.samplesPerRequest()));
              rate = Math.floor(0.8 * sat);
            }
          }
          log("sustained: %.0f req/s for %.0f s", rate, cfg.sustainSeconds());
          report.sustained = Sustained.run(list.get(1).generator(), proxy, rate, cfg.sustainSeconds());
          log("sustained done: %d ok, %d failed, max RSS %.1f MiB", report.sustained.run().result().ok(),
              report.sustained.run().result().failed(), report.sustained.maxRssMib());
        }
        report.proxyPeakRssMib = Procs.peakRssMib(proxy.pid());
        if (phases.contains("sustained") && report.sustained != null) {
          report.sustainedTuned = tunedSustained(cfg, peers, vertx, v1, report.sustained.rate(), report.problems);
        }
        if (nginx != null) {
          report.nginxPeakRssMib = Procs.peakRssMib(nginx.pid());
        }
      } finally {
        list.forEach(p -> p.generator().close());
        if (nginx != null) {
          nginx.close();
        }
        report.proxyExit = proxy.stop(30);
      }
    }
  }
}
