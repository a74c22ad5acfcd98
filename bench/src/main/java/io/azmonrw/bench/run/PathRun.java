package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadResult;

/** One measured window on one path, with the CPU seconds its middle process (proxy or nginx) spent in it. */
public record PathRun(LoadResult result, double cpuSeconds) {

  /** CPU-seconds of the middle process per million samples forwarded (NaN for the direct path). */
  public double cpuPerMillionSamples() {
    return cpuSeconds / (result.samples() / 1e6);
  }
}
