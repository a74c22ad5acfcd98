package io.azmonrw.testkit;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A failure window and a hang window of an identity stand-in, set by tests while it runs. */
final class Outage {
    private final AtomicLong failUntilNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile int failStatus = 503;
    private final AtomicLong hangUntilNanos = new AtomicLong(Long.MIN_VALUE);

    void failFor(Duration period, int status) {
        failStatus = status;
        failUntilNanos.set(System.nanoTime() + period.toNanos());
    }

    void hangFor(Duration period) {
        hangUntilNanos.set(System.nanoTime() + period.toNanos());
    }

    void clear() {
        failUntilNanos.set(Long.MIN_VALUE);
        hangUntilNanos.set(Long.MIN_VALUE);
    }

    /** The status to fail with now, or 0. */
    int failingStatus() {
        long until = failUntilNanos.get();
        return until != Long.MIN_VALUE && System.nanoTime() - until < 0 ? failStatus : 0;
    }

    /** Runs {@code then} now, or when the hang window ends: a hung endpoint answers nothing until then. */
    void afterHang(Vertx vertx, Runnable then) {
        long until = hangUntilNanos.get();
        long remaining = until == Long.MIN_VALUE ? 0 : until - System.nanoTime();
        if (remaining <= 0) {
            then.run();
        } else {
            vertx.setTimer(Math.max(1, remaining / 1_000_000), id -> then.run());
        }
    }
}
