package io.azmonrw.proxy.write;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each failure cause with its reason at most once per interval, with the count of lines held back. */
public final class FailureLog {
    private final Logger log;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<String, long[]> lastByCause = new ConcurrentHashMap<>();

    public FailureLog(long intervalMillis, LongSupplier clock) {
        this(intervalMillis, clock, LoggerFactory.getLogger(FailureLog.class));
    }

    /** @param log the logger the lines appear under (the component that failed) */
    public FailureLog(long intervalMillis, LongSupplier clock, Logger log) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** Returns whether it logged (false when held back by the rate limit). */
    public boolean failure(String cause, int status, String reason) {
        return once("write:" + cause, "write failed: " + cause + " -> " + status + ": " + reason);
    }

    /**
     * Logs {@code line} at WARN unless a line with the same {@code key} was logged less than the interval ago; the
     * next line logged for the key says how many were held back. Returns whether it logged.
     */
    public boolean once(String key, String line) {
        long now = clock.getAsLong();
        long[] state = lastByCause.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE / 2, 0});
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
        log.warn("{}{}", line, suppressed > 0 ? " (" + suppressed + " more like it since the last line)" : "");
        return true;
    }
}
