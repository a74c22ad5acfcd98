package io.azmonrw.proxy.write;

import io.azmonrw.common.memory.ByteBudget;
import java.util.concurrent.atomic.AtomicLong;

/** The global cap on request bytes held in memory at once (MAX_INFLIGHT_BYTES); over it, writes get 503. */
public final class InflightBudget {
    private final long limit;
    private final AtomicLong used;

    /** @param used the counter to account in (shared with the in-flight bytes gauge) */
    public InflightBudget(long limit, AtomicLong used) {
        this.limit = limit;
        this.used = used;
    }

    /** Takes {@code bytes} from the budget; false (and nothing taken) when that would exceed it. */
    public boolean tryAcquire(long bytes) {
        return ByteBudget.tryAdd(used, bytes, limit);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }
}
