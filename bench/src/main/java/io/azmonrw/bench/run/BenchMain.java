package io.azmonrw.bench.run;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.gen.RemoteWriteEncoder.Version;
import io.azmonrw.bench.gen.SeriesSet;
import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.Target;
import io.azmonrw.bench.sink.Sink;
import io.azmonrw.bench.sink.TokenStandIn;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * `make bench`: startup, the three-path comparison, sustained load and the JMH benchmarks, then rewrites
 * BENCHMARKS.md. Measures only; it never fails on a number.
 */
public final class BenchMain {

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
    Sink sink = Sink.start(vertx, cfg.certPem().toString(), cfg.keyPem().toString());
    TokenStandIn token = TokenStandIn.start(vertx, cfg.certPem().toString(), cfg.keyPem().toString());
    SeriesSet set = SeriesSet.generate(cfg.series(), 42);
    Payloads v1 = Payloads.build(Version.V1, set, cfg.samplesPerRequest(), 4);
    Payloads v2 = Payloads.build(Version.V2, set, cfg.samplesPerRequest(), 4);
    report.payloads = List.of(v1, v2);
    log("sink :%d, token stand-in :%d, %d series, %d bodies/version (V1 %d B, V2 %d B compressed)", sink.port(),
        token.port(), set.size(), v1.count(), v1.meanCompressedBytes(), v2.meanCompressedBytes());
    boolean proxyJar = Files.exists(cfg.proxyJar());
    if (!proxyJar) {
      report.problems.add("proxy jar " + cfg.proxyJar() + " missing: proxy measurements skipped");
    }
    try {
      if (proxyJar && phases.contains("startup")) {
        startup(cfg, report, sink, token, vertx, v1);
      }
      if (proxyJar && (phases.contains("paths") || phases.contains("sustained"))) {
        paths(cfg, report, sink, token, vertx, v1, v2, phases);
      }
      if (phases.contains("webhook")) {
        report.webhook = WebhookPhase.run(cfg, vertx, report.problems);
      }
      if (proxyJar && phases.contains("profile")) {
        long before = token.tokensIssued();
        report.profile = Profile.run(cfg, sink.port(), token.port(), Profile.generators(vertx, v1, 64), cfg.closedSeconds(),
            () -> awaitToken(token, before + 1));
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
      report.tokensIssued = token.tokensIssued();
      report.sinkRequests = sink.requests();
      report.sinkWithBearer = sink.withBearer();
      Path out = cfg.output();
      Files.writeString(out, report.render());
      log("wrote %s", out.toAbsolutePath());
      sink.close();
      token.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    System.exit(0);
  }

  private static void startup(BenchConfig cfg, Report report, Sink sink, TokenStandIn token, Vertx vertx, Payloads v1) {
    StartupBench sb = new StartupBench(cfg, sink.port(), token.port());
    report.startupDefault = sb.run("JDK default CDS", List.of(), cfg.startupRuns());
    Path jsa = sb.trainArchive(p -> {
      awaitToken(token, 1);
      try (LoadGenerator g = new LoadGenerator(vertx, new Target("train", "127.0.0.1", p.port(), false, "/api/v1/write"), v1, null, 4)) {
        g.closedLoop(4, 0, 3);
      }
    });
    if (jsa != null) {
      report.startupAppCds = sb.run("AppCDS archive", StartupBench.useArchive(jsa), cfg.startupRuns());
    } else {
      report.problems.add("AppCDS: the training run wrote no archive (does the proxy exit 0 on SIGTERM?)");
    }
  }

  private static boolean awaitToken(TokenStandIn token, long atLeast) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (token.tokensIssued() < atLeast && System.nanoTime() < deadline) {
      StartupBench.sleep(20);
    }
    return token.tokensIssued() >= atLeast;
  }

  /** The same sustained load through a fresh proxy with the leaner JVM options, for the RSS goal. */
  private static Sustained.Result tunedSustained(BenchConfig cfg, Sink sink, TokenStandIn token, Vertx vertx, Payloads v1,
      double rate, List<String> problems) {
    long before = token.tokensIssued();
    try (Forked p = Launchers.proxy(cfg, cfg.tunedJvmOptions(), java.util.Map.of("MALLOC_ARENA_MAX", "2"), sink.port(), token.port(),
        List.of(), "tuned")) {
      if (p.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
        problems.add("tuned proxy did not start: " + p.tail(5));
        return null;
      }
      awaitToken(token, before + 1);
      try (LoadGenerator g = new LoadGenerator(vertx, new Target("ours-tuned", "127.0.0.1", p.port(), false, "/api/v1/write"), v1, null, 64)) {
        g.closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds());
        Sustained.Result r = Sustained.run(g, p, rate, Math.min(60, cfg.sustainSeconds()));
        log("sustained (tuned JVM options): %d ok, %d failed, max RSS %.1f MiB", r.run().result().ok(), r.run().result().failed(), r.maxRssMib());
        return r;
      }
    }
  }

  private static void paths(BenchConfig cfg, Report report, Sink sink, TokenStandIn token, Vertx vertx,
      Payloads v1, Payloads v2, Set<String> phases) {
    long tokensBefore = token.tokensIssued();
    try (Forked proxy = Launchers.proxy(cfg, sink.port(), token.port(), List.of(), "main")) {
      double readyMs = proxy.awaitHttp200("/ready", Duration.ofSeconds(60));
      if (readyMs < 0) {
        report.problems.add("proxy did not become ready: " + proxy.tail(10));
        return;
      }
      if (!awaitToken(token, tokensBefore + 1)) {
        report.problems.add("proxy fetched no token from the stand-in within 30 s: " + proxy.tail(10));
      }
      StartupBench.sleep(1000);
      report.proxyIdleRssMib = Procs.rssMib(proxy.pid());
      int conns = Math.max(cfg.concurrency(), 64);
      List<PathComparison.Path> list = new ArrayList<>();
      list.add(new PathComparison.Path("direct",
          new LoadGenerator(vertx, new Target("direct", "127.0.0.1", sink.port(), true, "/api/v1/write"), v1, cfg.certPem().toString(), conns), null));
      list.add(new PathComparison.Path("ours",
          new LoadGenerator(vertx, new Target("ours", "127.0.0.1", proxy.port(), false, "/api/v1/write"), v1, null, conns), proxy));
      Forked nginx = null;
      if (Files.isExecutable(Path.of(cfg.nginxBinary()))) {
        nginx = Launchers.nginx(cfg, sink.port());
        if (nginx.awaitHttp200("/ready", Duration.ofSeconds(20)) < 0) {
          report.problems.add("nginx did not start: " + nginx.tail(10));
          nginx.close();
          nginx = null;
        } else {
          list.add(new PathComparison.Path("nginx",
              new LoadGenerator(vertx, new Target("nginx", "127.0.0.1", nginx.port(), false, "/api/v1/write"), v1, null, conns), nginx));
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
          try (LoadGenerator g2 = new LoadGenerator(vertx, new Target("ours", "127.0.0.1", proxy.port(), false, "/api/v1/write"), v2, null, conns)) {
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
          report.sustainedTuned = tunedSustained(cfg, sink, token, vertx, v1, report.sustained.rate(), report.problems);
        }
        if (nginx != null) {
          report.nginxPeakRssMib = Procs.peakRssMib(nginx.pid());
        }
      } finally {
        for (PathComparison.Path p : list) {
          p.generator().close();
        }
        if (nginx != null) {
          nginx.close();
        }
        report.proxyExit = proxy.stop(30);
      }
    }
  }
}
