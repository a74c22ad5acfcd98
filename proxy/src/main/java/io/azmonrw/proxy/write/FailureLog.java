package io.azmonrw.proxy.write;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each failure cause with its reason at most once per interval, with the count of lines held back. */
public final class FailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<String, long[]> lastByCause = new ConcurrentHashMap<>();

    public FailureLog(long intervalMillis, LongSupplier clock) {
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** Returns whether it logged (false when held back by the rate limit). */
    public boolean failure(String cause, int status, String reason) {
        long now = clock.getAsLong();
        long[] state = lastByCause.computeIfAbsent(cause, k -> new long[] {Long.MIN_VALUE / 2, 0});
        long suppressed;
        synchronized (state) {
            if (now - state[0] < intervalMillis) {
                state[1]++;
                return false;
            }
            suppressed = state[1];
            state[0] = now;
            state[1] = 0;
        }
        LOG.warn("write failed: {} -> {}: {}{}", cause, status, reason,
                suppressed > 0 ? " (" + suppressed + " more like it not logged)" : "");
        return true;
    }
}
