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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs the same load over several paths (direct, ours, nginx; or the webhook), closed loop alternating path by path
 * and round by round so that drift on a shared machine spreads over all of them, then open loop at half the slowest.
 */
public final class PathComparison {

  /** A path: its generator and the process between generator and sink (null for direct). */
  public record Path(String name, LoadGenerator generator, Forked middle) {}

  /** One measured window on one path, with the CPU seconds its middle process spent in it. */
  public record Run(LoadResult result, double cpuSeconds) {

    /** CPU-seconds of the middle process per million samples forwarded (NaN for the direct path). */
    public double cpuPerMillionSamples() {
      return cpuSeconds / (result.samples() / 1e6);
    }
  }

  /** A long open-loop run: the window, its rate, the largest RSS seen and the CPU share of one core. */
  public record Sustained(Run run, double rate, double maxRssMib, double cpuCoreShare) {}

  private final List<Path> paths;
  private final BenchConfig cfg;
  private final Map<String, List<Run>> closed = new LinkedHashMap<>();
  private final Map<String, Run> open = new LinkedHashMap<>();
  private double fixedRate;

  public PathComparison(BenchConfig cfg, List<Path> paths) {
    this.cfg = cfg;
    this.paths = paths;
  }

  static Run measure(Forked middle, Supplier<LoadResult> load) {
    double before = middle == null ? Double.NaN : Procs.cpuSeconds(middle.pid());
    LoadResult r = load.get();
    return new Run(r, (middle == null ? Double.NaN : Procs.cpuSeconds(middle.pid())) - before);
  }

  /** Closed-loop saturation, {@code rounds} times per path, alternating; then open loop at half the slowest. */
  public PathComparison run(double warmupSeconds) {
    for (int round = 0; round < cfg.rounds(); round++) {
      for (Path p : paths) {
        p.generator().closedLoop(cfg.concurrency(), 0, warmupSeconds);
        Run run = measure(p.middle(), () -> p.generator().closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
        closed.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(run);
        BenchMain.log("closed %s round %d: %.0f req/s, %d failed%s", p.name(), round + 1, run.result().requestsPerSecond(),
            run.result().failed(), run.result().firstFailure() == null ? "" : " (" + run.result().firstFailure() + ")");
      }
    }
    fixedRate = Math.max(1, Math.floor(paths.stream().mapToDouble(p -> best(p.name()).result().requestsPerSecond()).min().orElse(10) / 2));
    for (Path p : paths) {
      p.generator().openLoop(fixedRate, 0, cfg.warmupSeconds() / 2);
      Run run = measure(p.middle(), () -> p.generator().openLoop(fixedRate, 0, cfg.openSeconds()));
      open.put(p.name(), run);
      BenchMain.log("open %s at %.0f req/s: p50 %.2f ms p99 %.2f ms, %d failed", p.name(), fixedRate, run.result().millis(50),
          run.result().millis(99), run.result().failed());
    }
    return this;
  }

  /** Best round of a path (the least disturbed by other load on the machine). */
  public Run best(String path) {
    return closed.get(path).stream().max((a, b) -> Double.compare(a.result().requestsPerSecond(), b.result().requestsPerSecond())).orElseThrow();
  }

  public List<Run> rounds(String path) {
    return closed.get(path);
  }

  public double fixedRateRequestsPerSecond() {
    return fixedRate;
  }

  public Run open(String path) {
    return open.get(path);
  }

  /** Open loop through {@code proxy} at {@code rate} requests/s for {@code seconds}, sampling its RSS every second. */
  static Sustained sustained(LoadGenerator gen, Forked proxy, double rate, double seconds) {
    AtomicLong maxRssKib = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> maxRssKib.accumulateAndGet(Procs.statusKib(proxy.pid(), "VmRSS"), Math::max), 0, 1, TimeUnit.SECONDS);
    try {
      Run run = measure(proxy, () -> gen.openLoop(rate, 0, seconds));
      return new Sustained(run, rate, maxRssKib.get() / 1024.0, run.cpuSeconds() / seconds);
    } finally {
      sampler.shutdownNow();
    }
  }
}
