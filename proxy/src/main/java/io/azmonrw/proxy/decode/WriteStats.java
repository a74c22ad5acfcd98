package io.azmonrw.proxy.decode;

/**
 * What one remote-write request carries: series, float samples, native histogram samples, exemplars and
 * metadata entries (see docs/decoder.md for how each is counted in 1.0 and 2.0).
 */
public record WriteStats(long series, long samples, long histograms, long exemplars, long metadata) {

    /** The counts of a request that carries nothing. */
    public static final WriteStats EMPTY = new WriteStats(0, 0, 0, 0, 0);
}
