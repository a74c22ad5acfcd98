package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Runs the same load over several paths (direct, ours, nginx; or the webhook) round by round, alternating path by path
 * so that drift on a shared machine spreads over all of them: closed loop (saturation), then open loop at half the
 * slowest path's median saturation. A round is noisy when the direct path's own figure moved by more than the set share
 * from its median.
 */
public final class PathComparison {

    /** A path: its generator, the process between generator and sink (null for direct), and whether it runs open loop too. */
    public record Path(String name, LoadGenerator generator, Forked middle, boolean open) {}

    /** One measured window on one path, with the CPU seconds its middle process spent in it and its largest RSS. */
    public record Run(LoadResult result, double cpuSeconds, double maxRssMib) {

        /** CPU-seconds of the middle process per million samples forwarded (NaN for the direct path). */
        public double cpuPerMillionSamples() {
            return cpuSeconds / (result.samples() / 1e6);
        }
    }

    private final List<Path> paths;
    private final BenchConfig cfg;
    final Map<String, List<Run>> closed = new LinkedHashMap<>();
    final Map<String, List<Run>> open = new LinkedHashMap<>();
    private double fixedRate;

    public PathComparison(BenchConfig cfg, List<Path> paths) {
        this.cfg = cfg;
        this.paths = paths;
    }

    /** Runs {@code load} while sampling the middle process's CPU time and, every second, its RSS. */
    static Run measure(Forked middle, Supplier<LoadResult> load) {
        if (middle == null) {
            return new Run(load.get(), Double.NaN, Double.NaN);
        }
        DoubleAccumulator maxRss = new DoubleAccumulator(Math::max, -1);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxRss.accumulate(middle.rssMib("VmRSS")), 0, 1, TimeUnit.SECONDS);
        try {
            double before = middle.cpuSeconds();
            LoadResult r = load.get();
            return new Run(r, middle.cpuSeconds() - before, maxRss.get() < 0 ? Double.NaN : maxRss.get());
        } finally {
            sampler.shutdownNow();
        }
    }

    /** {@code cfg.rounds()} closed-loop rounds, alternating paths; then as many open-loop rounds at half the slowest. */
    public PathComparison run(double warmupSeconds) {
        for (int round = 1; round <= cfg.rounds(); round++) {
            for (Path p : paths) {
                p.generator().closedLoop(cfg.concurrency(), 0, warmupSeconds);
                Run run =
                        measure(p.middle(), () -> p.generator().closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
                closed.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(run);
                BenchMain.log(
                        "closed %s round %d: %.0f req/s, %d failed%s",
                        p.name(),
                        round,
                        run.result().requestsPerSecond(),
                        run.result().failed(),
                        run.result().firstFailure() == null
                                ? ""
                                : " (" + run.result().firstFailure() + ")");
            }
        }
        fixedRate = Math.max(
                1,
                Math.floor(paths.stream()
                                .filter(Path::open)
                                .mapToDouble(
                                        p -> closed(p.name(), r -> r.result().requestsPerSecond())
                                                .median())
                                .min()
                                .orElse(10)
                        / 2));
        for (int round = 1; round <= cfg.rounds(); round++) {
            for (Path p : paths.stream().filter(Path::open).toList()) {
                p.generator().openLoop(fixedRate, 0, warmupSeconds);
                Run run = measure(p.middle(), () -> p.generator().openLoop(fixedRate, 0, cfg.openSeconds()));
                open.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(run);
                BenchMain.log(
                        "open %s round %d at %.0f req/s: p50 %.2f ms p99 %.2f ms, %d failed",
                        p.name(),
                        round,
                        fixedRate,
                        run.result().millis(50),
                        run.result().millis(99),
                        run.result().failed());
            }
        }
        return this;
    }

    static Spread spread(List<Run> runs, ToDoubleFunction<Run> metric) {
        return Spread.of(
                runs == null
                        ? List.of()
                        : runs.stream().map(metric::applyAsDouble).toList());
    }

    public Spread closed(String path, ToDoubleFunction<Run> metric) {
        return spread(closed.get(path), metric);
    }

    public Spread open(String path, ToDoubleFunction<Run> metric) {
        return spread(open.get(path), metric);
    }

    /** Per round, {@code op} of {@code a}'s and {@code b}'s figures (the rounds pair them: same minute on the machine), e.g. a ratio. */
    static Spread paired(
            Map<String, List<Run>> runs, String a, String b, ToDoubleFunction<Run> metric, DoubleBinaryOperator op) {
        List<Double> r = new ArrayList<>();
        for (int i = 0;
                runs.containsKey(a)
                        && runs.containsKey(b)
                        && i < Math.min(runs.get(a).size(), runs.get(b).size());
                i++) {
            r.add(op.applyAsDouble(
                    metric.applyAsDouble(runs.get(a).get(i)),
                    metric.applyAsDouble(runs.get(b).get(i))));
        }
        return Spread.of(r);
    }

    /** Rounds (1-based) in which the direct path's figure moved more than the noisy share from its median. */
    public List<Integer> noisy(Map<String, List<Run>> runs, ToDoubleFunction<Run> metric) {
        List<Run> direct = runs.get("direct");
        List<Integer> out = new ArrayList<>();
        for (int i = 0; direct != null && i < direct.size(); i++) {
            if (spread(direct, metric).off(metric.applyAsDouble(direct.get(i)), cfg.noisyShare())) {
                out.add(i + 1);
            }
        }
        return out;
    }

    public double fixedRateRequestsPerSecond() {
        return fixedRate;
    }

    public boolean has(String path) {
        return closed.containsKey(path);
    }

    /** {@code rounds} open-loop windows through {@code proxy} at {@code rate} requests/s, {@code seconds} each, RSS sampled every second. */
    static List<Run> sustained(LoadGenerator gen, Forked proxy, double rate, double seconds, int rounds) {
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            Run r = measure(proxy, () -> gen.openLoop(rate, 0, seconds));
            runs.add(r);
            BenchMain.log(
                    "sustained round %d: %d ok, %d failed, max RSS %.1f MiB, p99 %.2f ms",
                    i,
                    r.result().ok(),
                    r.result().failed(),
                    r.maxRssMib(),
                    r.result().millis(99));
        }
        return runs;
    }
}
