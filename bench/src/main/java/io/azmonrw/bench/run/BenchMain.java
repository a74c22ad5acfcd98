package io.azmonrw.bench.run;

import static io.azmonrw.bench.run.PathComparison.RPS;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.gen.Payloads.Version;
import io.azmonrw.bench.gen.SeriesSet;
import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadGenerator.Workload;
import io.azmonrw.bench.run.PathComparison.Path;
import io.azmonrw.bench.webhook.WebhookServerMain;
import io.azmonrw.common.Contract.ProxyEnv;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * `make bench`: startup, the three-path comparison, sustained load, the webhook, a profile and the JMH benchmarks,
 * then rewrites BENCHMARKS.md. Measures only; it never fails on a number.
 */
public final class BenchMain {

    private BenchMain() {}

    static void log(String fmt, Object... args) {
        System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(fmt, args));
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        BenchConfig cfg = BenchConfig.from(System.getenv());
        Set<String> phases = Set.of(System.getenv()
                .getOrDefault("BENCH_PHASES", "startup,paths,sustained,webhook,profile,jmh")
                .split(","));
        Report report = new Report(cfg);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        TestCa ca = TestCa.generate(cfg.workDir().resolve("tls"));
        // testkit's stand-ins: the ingestion one in its counting mode (no token check, no decoding), tokens for a day
        IngestionStandIn sink = new IngestionStandIn(vertx, ca, bearer -> true).countOnly();
        TokenStandIn token = new TokenStandIn(vertx, ca).tokenLifetime(Duration.ofDays(1));
        sink.start().await();
        token.start().await();
        Launchers.Peers peers = new Launchers.Peers(ca, sink, token);
        SeriesSet set = SeriesSet.generate(cfg.series(), 42);
        Payloads v1 = Payloads.build(Version.V1, set, cfg.samplesPerRequest(), 4);
        Payloads v2 = Payloads.build(Version.V2, set, cfg.samplesPerRequest(), 4);
        report.payloads = List.of(v1, v2);
        log("sink :%d, token stand-in :%d, %d series", sink.port(), token.port(), set.size());
        boolean proxyJar = cfg.imageDir() != null || Files.exists(cfg.proxyJar());
        if (!proxyJar) {
            report.problems.add("proxy jar " + cfg.proxyJar() + " missing: proxy measurements skipped");
        }
        try {
            if (proxyJar && phases.contains("startup")) {
                report.startup = startup(cfg, peers);
            }
            if (proxyJar && phases.contains("paths")) {
                paths(cfg, report, peers, vertx, v1.workload(), v2.workload());
            }
            if (proxyJar && phases.contains("sustained")) {
                sustained(cfg, report, peers, vertx, v1.workload());
            }
            if (phases.contains("webhook")) {
                report.webhook = webhook(cfg, ca, vertx, report.problems);
            }
            if (proxyJar && phases.contains("profile")) {
                report.profile = Profile.run(cfg, peers, vertx, v1.workload(), report.problems);
            }
            if (phases.contains("jmh")) {
                report.jmh = jmh(cfg, report.problems);
            }
        } finally {
            report.tokensIssued = peers.tokensIssued();
            report.sinkRequests = sink.requestCount();
            report.sinkWithBearer = sink.withBearer();
            Files.writeString(cfg.output(), report.render());
            log("wrote %s", cfg.output().toAbsolutePath());
            sink.close();
            token.close();
            vertx.close().await();
        }
        System.exit(0);
    }

    /** Direct, ours (RW 1.0 and 2.0) and nginx, alternating round by round through one proxy and one nginx. */
    private static void paths(
            BenchConfig cfg, Report report, Launchers.Peers peers, Vertx vertx, Workload v1, Workload v2) {
        Forked proxy = Launchers.readyProxy(cfg, peers, List.of(), "main", report.problems);
        if (proxy == null) {
            return;
        }
        List<Path> list = new ArrayList<>();
        Forked nginx = null;
        try {
            int conns = Math.max(cfg.concurrency(), 64);
            String write = ProxyEnv.WRITE_PATH;
            var sinkTrust = peers.ca().trustOptions();
            var direct = new LoadGenerator(vertx, peers.sink().port(), peers.writePath(), sinkTrust, v1, conns);
            list.add(new Path("direct", direct, null, true));
            list.add(new Path("ours", new LoadGenerator(vertx, proxy.port(), write, null, v1, conns), proxy, true));
            if (!Files.isExecutable(java.nio.file.Path.of(cfg.nginxBinary()))) {
                report.problems.add("nginx not installed at " + cfg.nginxBinary() + ": nginx path skipped");
            } else if ((nginx = Launchers.nginx(cfg, peers)).awaitHttp200("/ready", Duration.ofSeconds(20)) < 0) {
                report.problems.add("nginx did not start: " + nginx.tail(10));
            } else {
                var g = new LoadGenerator(vertx, nginx.port(), peers.writePath(), null, v1, conns);
                list.add(new Path("nginx", g, nginx, true));
            }
            // remote write 2.0 through our proxy: same series, other encoding; saturation only
            var rw2 = new LoadGenerator(vertx, proxy.port(), write, null, v2, conns);
            list.add(new Path("ours, RW 2.0", rw2, proxy, false));
            report.comparison = new PathComparison(cfg, list).run(cfg.warmupSeconds() / 2);
            report.proxyPeakRssMib = proxy.rssMib("VmHWM");
            report.nginxPeakRssMib = nginx == null ? Double.NaN : nginx.rssMib("VmHWM");
        } finally {
            list.forEach(p -> p.generator().close());
            if (nginx != null) {
                nginx.close();
            }
            report.proxyExit = proxy.stop(30);
        }
    }

    /** 200,000 samples/s (or 80 % of the proxy's saturation here, if lower) through a fresh proxy, in rounds. */
    private static void sustained(BenchConfig cfg, Report report, Launchers.Peers peers, Vertx vertx, Workload v1) {
        double rate = cfg.sustainSamplesPerSecond() / cfg.samplesPerRequest();
        double sat = report.comparison == null
                ? Double.MAX_VALUE
                : report.comparison.closed("ours", RPS).median();
        if (rate > 0.8 * sat) {
            report.problems.add(String.format(
                    "sustained: %.0f samples/s is over 80%% of the proxy's saturation here; ran at %.0f samples/s",
                    cfg.sustainSamplesPerSecond(), Math.floor(0.8 * sat) * cfg.samplesPerRequest()));
            rate = Math.floor(0.8 * sat);
        }
        report.sustainedRate = rate;
        try (Forked p = Launchers.readyProxy(cfg, peers, List.of(), "sustained", report.problems)) {
            if (p == null) {
                return;
            }
            try (LoadGenerator g = new LoadGenerator(vertx, p.port(), ProxyEnv.WRITE_PATH, null, v1, 64)) {
                double r = rate;
                g.openLoop(r, cfg.warmupSeconds());
                PathComparison c = new PathComparison(cfg, List.of());
                List<Path> proxy = List.of(new Path("sustained", g, p, true));
                c.rounds(proxy, c.open, "sustained", (x, s) -> x.openLoop(r, s), 0, cfg.sustainSeconds());
                report.sustained = c.open.get("sustained");
            }
        }
    }

    /** Results for one pod shape: its rounds (closed loop, then open loop at half the median saturation). */
    record Webhook(String pod, long reviewBytes, PathComparison rounds) {}

    /** Admissions/s and latency over TLS against the webhook's real /mutate route in a forked, pinned JVM with the webhook image's flags. */
    static List<Webhook> webhook(BenchConfig cfg, TestCa ca, Vertx vertx, List<String> problems) {
        List<Webhook> out = new ArrayList<>();
        int port = Forked.freePort();
        try (Forked server = Launchers.webhook(cfg, ca, port)) {
            if (server.awaitHttp200("/ready", Duration.ofSeconds(60)) < 0) {
                problems.add("webhook server did not start: " + server.tail(5));
                return out;
            }
            for (String pod : List.of("kps", "large")) {
                byte[][] bodies = new byte[16][];
                for (int i = 0; i < bodies.length; i++) {
                    bodies[i] = WebhookServerMain.review(pod, String.format("7b3c6f9e-0000-4000-8000-%012d", i));
                }
                Workload w = new Workload(bodies, 1, Map.of("Content-Type", "application/json"));
                try (LoadGenerator g = new LoadGenerator(vertx, port, "/mutate", ca.trustOptions(), w, 64)) {
                    var c = new PathComparison(cfg, List.of(new Path(pod, g, server, true)));
                    out.add(new Webhook(pod, w.meanBytes(), c.run(cfg.warmupSeconds())));
                }
            }
        }
        return out;
    }

    /** Seconds after the first token when an idle proxy's settled RSS is read: the native-heap trim runs every 5 s. */
    static final int SETTLE_SECONDS = 15;

    /**
     * Start-to-ready times and idle RSS of fresh proxies, in run order: 1 s after the first token (start-up garbage and
     * freed native memory still resident) and {@link #SETTLE_SECONDS} after it, what an idle sidecar keeps.
     */
    record Startup(List<Double> readyMillis, List<Double> idleRssMib, List<Double> settledRssMib, String note) {}

    /**
     * Process start to {@code /ready} 200, and idle RSS once the first token is in, with the runtime as shipped: the
     * image's own class-data (or AOT) archive when it has one; the host java's default CDS archive otherwise.
     */
    static Startup startup(BenchConfig cfg, Launchers.Peers peers) {
        List<Double> ready = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> settled = new ArrayList<>();
        String note = "";
        for (int i = 1; i <= cfg.startupRuns(); i++) {
            long tokens = peers.tokensIssued();
            try (Forked p = Launchers.proxy(cfg, peers, List.of(), "startup-" + i)) {
                double ms = p.awaitHttp200("/ready", Duration.ofSeconds(60));
                if (ms < 0) {
                    note = "did not become ready: " + p.tail(5);
                    continue;
                }
                ready.add(ms);
                peers.awaitTokens(tokens + 1);
                sleep(1000);
                rss.add(p.rssMib("VmRSS"));
                sleep((SETTLE_SECONDS - 1) * 1000L);
                settled.add(p.rssMib("VmRSS"));
                log(
                        "startup run %d: ready in %.0f ms, idle RSS %.1f MiB 1 s after the first token, %.1f MiB %d s after it",
                        i, ms, rss.get(rss.size() - 1), settled.get(settled.size() - 1), SETTLE_SECONDS);
            }
        }
        return new Startup(ready, rss, settled, note);
    }

    /** One JMH benchmark's score: operations per second, median and range of the measured iterations. */
    record Score(String benchmark, String params, Spread opsPerSecond) {}

    /** The JMH benchmarks in this module: one fork with the proxy image's flags, short iterations. */
    static List<Score> jmh(BenchConfig cfg, List<String> problems) {
        List<Score> scores = new ArrayList<>();
        try {
            var opts = new OptionsBuilder()
                    .include(cfg.jmhInclude())
                    .forks(1)
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1))
                    .jvmArgs(cfg.hostJvm(BenchConfig.PROXY_FLAGS).toArray(String[]::new))
                    .shouldFailOnError(false);
            for (RunResult r : new Runner(opts.build()).run()) {
                String name = r.getParams().getBenchmark();
                List<String> params = r.getParams().getParamsKeys().stream()
                        .map(k -> k + "=" + r.getParams().getParam(k))
                        .toList();
                Statistics st = r.getPrimaryResult().getStatistics();
                scores.add(new Score(
                        name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                        String.join(",", params),
                        new Spread(st.getPercentile(50), st.getMin(), st.getMax())));
            }
        } catch (RunnerException | RuntimeException | LinkageError e) {
            problems.add("JMH failed: " + e);
        }
        return scores;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
