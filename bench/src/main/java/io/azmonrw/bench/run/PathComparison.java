package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the same load over the three paths (direct, ours, nginx), alternating path by path and round by round
 * so that drift on a shared machine spreads over all three.
 */
public final class PathComparison {

  /** A path: its generator and the pid of the process between generator and sink (or null for direct). */
  public record Path(String name, LoadGenerator generator, Forked middle) {}

  private final List<Path> paths;
  private final BenchConfig cfg;
  private final Map<String, List<PathRun>> closed = new LinkedHashMap<>();
  private final Map<String, PathRun> open = new LinkedHashMap<>();
  private double fixedRate;

  public PathComparison(BenchConfig cfg, List<Path> paths) {
    this.cfg = cfg;
    this.paths = paths;
  }

  static PathRun measure(Forked middle, Supplier<LoadResult> run) {
    double before = middle == null ? Double.NaN : Procs.cpuSeconds(middle.pid());
    LoadResult r = run.get();
    double after = middle == null ? Double.NaN : Procs.cpuSeconds(middle.pid());
    return new PathRun(r, after - before);
  }

  /** Closed-loop saturation, {@code rounds} times per path, alternating. */
  public void saturation() {
    for (int round = 0; round < cfg.rounds(); round++) {
      for (Path p : paths) {
        p.generator().closedLoop(cfg.concurrency(), 0, cfg.warmupSeconds() / 2);
        PathRun run = measure(p.middle(), () -> p.generator().closedLoop(cfg.concurrency(), 0, cfg.closedSeconds()));
        closed.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(run);
        BenchMain.log("closed %s round %d: %.0f req/s, %d failed%s", p.name(), round + 1,
            run.result().requestsPerSecond(), run.result().failed(),
            run.result().firstFailure() == null ? "" : " (" + run.result().firstFailure() + ")");
      }
    }
  }

  /** Best round per path (the least disturbed by other load on the machine). */
  public PathRun best(String path) {
    return closed.get(path).stream()
        .max((a, b) -> Double.compare(a.result().requestsPerSecond(), b.result().requestsPerSecond()))
        .orElseThrow();
  }

  public List<PathRun> rounds(String path) {
    return closed.get(path);
  }

  /** Open loop on every path at half the slowest path's saturation. */
  public void fixedRate() {
    double slowest = paths.stream().mapToDouble(p -> best(p.name()).result().requestsPerSecond()).min().orElse(10);
    fixedRate = Math.max(1, Math.floor(slowest / 2));
    for (Path p : paths) {
      p.generator().openLoop(fixedRate, 0, cfg.warmupSeconds() / 2);
      PathRun run = measure(p.middle(), () -> p.generator().openLoop(fixedRate, 0, cfg.openSeconds()));
      open.put(p.name(), run);
      BenchMain.log("open %s at %.0f req/s: p50 %.2f ms p99 %.2f ms, %d failed", p.name(), fixedRate,
          run.result().millis(50), run.result().millis(99), run.result().failed());
    }
  }

  public double fixedRateRequestsPerSecond() {
    return fixedRate;
  }

  public PathRun open(String path) {
    return open.get(path);
  }
}
