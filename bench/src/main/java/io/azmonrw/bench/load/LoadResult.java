package io.azmonrw.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Outcome of one measured window: counts, rates and a latency histogram in microseconds (for open-loop runs,
 * measured from each request's intended start, so corrected for coordinated omission).
 */
public record LoadResult(
        double seconds, long ok, long failed, int itemsPerRequest, Histogram latencyMicros, String firstFailure) {

    public double requestsPerSecond() {
        return ok / seconds;
    }

    public double samplesPerSecond() {
        return ok * (double) itemsPerRequest / seconds;
    }

    /** Latency at {@code percentile} (0..100) in milliseconds. */
    public double millis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public long samples() {
        return ok * (long) itemsPerRequest;
    }
}
