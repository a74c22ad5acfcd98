package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadGenerator.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Runs the same load over several paths (direct, ours, nginx; or the webhook) round by round, alternating path by path
 * so that drift on a shared machine spreads over all of them: closed loop (saturation), then open loop at half the
 * slowest path's median saturation. A round is noisy when the direct path's own figure moved by more than the set share
 * from its median.
 */
final class PathComparison {

    static final ToDoubleFunction<Run> RPS = r -> r.result().requestsPerSecond();

    /** A path: its generator, the process between generator and sink (null for direct), and whether it runs open loop too. */
    record Path(String name, LoadGenerator generator, Forked middle, boolean open) {}

    /** One measured window on one path, with the CPU seconds its middle process spent in it and its largest RSS. */
    record Run(Result result, double cpuSeconds, double maxRssMib) {

        /** CPU-seconds of the middle process per million samples forwarded (NaN for the direct path). */
        double cpuPerMillionSamples() {
            return cpuSeconds / (result.samples() / 1e6);
        }
    }

    private final List<Path> paths;
    private final BenchConfig cfg;
    final Map<String, List<Run>> closed = new LinkedHashMap<>();
    final Map<String, List<Run>> open = new LinkedHashMap<>();
    double fixedRate;

    PathComparison(BenchConfig cfg, List<Path> paths) {
        this.cfg = cfg;
        this.paths = paths;
    }

    /** Latency at {@code percentile} in milliseconds. */
    static ToDoubleFunction<Run> ms(double percentile) {
        return r -> r.result().millis(percentile);
    }

    /** {@code cfg.rounds()} closed-loop rounds, alternating paths; then as many open-loop rounds at half the slowest. */
    PathComparison run(double warmup) {
        rounds(paths, closed, "closed", (g, s) -> g.closedLoop(cfg.concurrency(), s), warmup, cfg.closedSeconds());
        List<Path> opened = paths.stream().filter(Path::open).toList();
        double slowest = opened.stream()
                .mapToDouble(p -> closed(p.name(), RPS).median())
                .min()
                .orElse(10);
        fixedRate = Math.max(1, Math.floor(slowest / 2));
        rounds(opened, open, "open", (g, s) -> g.openLoop(fixedRate, s), warmup, cfg.openSeconds());
        return this;
    }

    /** Rounds of {@code load} (for a number of seconds), path after path, each after a warm-up and measured with its middle process's CPU and RSS. */
    PathComparison rounds(
            List<Path> on,
            Map<String, List<Run>> into,
            String what,
            BiFunction<LoadGenerator, Double, Result> load,
            double warmup,
            double seconds) {
        for (int round = 1; round <= cfg.rounds(); round++) {
            for (Path p : on) {
                if (warmup > 0) {
                    load.apply(p.generator(), warmup);
                }
                Run r = measure(p.middle(), () -> load.apply(p.generator(), seconds));
                into.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(r);
                BenchMain.log(
                        "%s %s round %d: %.0f req/s, p50 %.2f ms, p99 %.2f ms, max RSS %.1f MiB, %d failed%s",
                        what,
                        p.name(),
                        round,
                        r.result().requestsPerSecond(),
                        r.result().millis(50),
                        r.result().millis(99),
                        r.maxRssMib(),
                        r.result().failed(),
                        r.result().firstFailure() == null
                                ? ""
                                : " (" + r.result().firstFailure() + ")");
            }
        }
        return this;
    }

    /** Runs {@code load} while sampling the middle process's CPU time and, every second, its RSS. */
    private static Run measure(Forked middle, Supplier<Result> load) {
        if (middle == null) {
            return new Run(load.get(), Double.NaN, Double.NaN);
        }
        DoubleAccumulator maxRss = new DoubleAccumulator(Math::max, -1);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxRss.accumulate(middle.rssMib("VmRSS")), 0, 1, TimeUnit.SECONDS);
        try {
            double before = middle.cpuSeconds();
            Result r = load.get();
            return new Run(r, middle.cpuSeconds() - before, maxRss.get() < 0 ? Double.NaN : maxRss.get());
        } finally {
            sampler.shutdownNow();
        }
    }

    static Spread spread(List<Run> runs, ToDoubleFunction<Run> metric) {
        return Spread.of(
                runs == null
                        ? List.of()
                        : runs.stream().map(metric::applyAsDouble).toList());
    }

    Spread closed(String path, ToDoubleFunction<Run> metric) {
        return spread(closed.get(path), metric);
    }

    Spread open(String path, ToDoubleFunction<Run> metric) {
        return spread(open.get(path), metric);
    }

    /** The failed requests of all {@code runs}. */
    static long failed(List<Run> runs) {
        return runs == null
                ? 0
                : runs.stream().mapToLong(r -> r.result().failed()).sum();
    }

    /** Failed requests of {@code path} in all its rounds, closed and open. */
    long failed(String path) {
        return failed(closed.get(path)) + failed(open.get(path));
    }

    /** Per round, {@code op} of {@code a}'s and {@code b}'s figures (the rounds pair them: same minute on the machine), e.g. a ratio. */
    static Spread paired(
            Map<String, List<Run>> runs, String a, String b, ToDoubleFunction<Run> metric, DoubleBinaryOperator op) {
        List<Run> ra = runs.getOrDefault(a, List.of());
        List<Run> rb = runs.getOrDefault(b, List.of());
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
            r.add(op.applyAsDouble(metric.applyAsDouble(ra.get(i)), metric.applyAsDouble(rb.get(i))));
        }
        return Spread.of(r);
    }

    /** Rounds (1-based) in which the direct path's figure moved more than the noisy share from its median. */
    List<Integer> noisy(Map<String, List<Run>> runs, ToDoubleFunction<Run> metric) {
        List<Run> direct = runs.getOrDefault("direct", List.of());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < direct.size(); i++) {
            if (spread(direct, metric).off(metric.applyAsDouble(direct.get(i)), cfg.noisyShare())) {
                out.add(i + 1);
            }
        }
        return out;
    }
}
