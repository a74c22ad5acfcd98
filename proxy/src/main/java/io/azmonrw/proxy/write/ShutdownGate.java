package io.azmonrw.proxy.write;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** What graceful shutdown needs to know: when the last write arrived and how many are still being handled. */
public final class ShutdownGate {
    private final LongSupplier clock;
    private final AtomicLong inflight;
    private volatile long lastWriteMillis;

    /** @param inflight the in-flight request counter (shared with its gauge) */
    public ShutdownGate(LongSupplier clock, AtomicLong inflight) {
        this.clock = clock;
        this.inflight = inflight;
        this.lastWriteMillis = clock.getAsLong();
    }

    public void writeArrived() {
        lastWriteMillis = clock.getAsLong();
    }

    public long millisSinceLastWrite() {
        return clock.getAsLong() - lastWriteMillis;
    }

    public long inflight() {
        return inflight.get();
    }
}
