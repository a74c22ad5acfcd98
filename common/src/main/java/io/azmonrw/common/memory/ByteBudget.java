package io.azmonrw.common.memory;

import java.util.concurrent.atomic.AtomicLong;

/** The one compare-and-set step of the services' memory budgets (in-flight bodies, decodes, admission reviews). */
public final class ByteBudget {
    private ByteBudget() {}

    /** Adds {@code bytes} to {@code used} unless that would exceed {@code limit}; false (and nothing added) then. */
    public static boolean tryAdd(AtomicLong used, long bytes, long limit) {
        while (true) {
            long cur = used.get();
            if (cur + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(cur, cur + bytes)) {
                return true;
            }
        }
    }
}
