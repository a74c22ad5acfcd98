package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A long open-loop run through our proxy, sampling its RSS every second. */
public final class Sustained {

  /** Outcome: the load window plus the largest RSS seen and the proxy's CPU share of one core. */
  public record Result(PathRun run, double rate, double maxRssMib, double cpuCoreShare) {}

  private Sustained() {}

  public static Result run(LoadGenerator gen, Forked proxy, double requestsPerSecond, double seconds) {
    AtomicLong maxRssKib = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rss-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(() -> maxRssKib.accumulateAndGet(Procs.statusKib(proxy.pid(), "VmRSS"), Math::max),
        0, 1, TimeUnit.SECONDS);
    try {
      PathRun run = PathComparison.measure(proxy, () -> gen.openLoop(requestsPerSecond, 0, seconds));
      return new Result(run, requestsPerSecond, maxRssKib.get() / 1024.0, run.cpuSeconds() / seconds);
    } finally {
      sampler.shutdownNow();
    }
  }
}
