package io.azmonrw.testkit;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every (series, timestamp) a receiver accepted, compactly (8 bytes a sample), with duplicate counts. */
public final class ReceivedSamples {
    private final Map<String, SeriesLog> series = new ConcurrentHashMap<>();
    private final AtomicLong unique = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /** Timestamps of one series, kept sorted; arrival is nearly in order, so inserts are mostly appends. */
    private static final class SeriesLog {
        private long[] ts = new long[8];
        private int n;

        /** Returns true when the timestamp was new. */
        synchronized boolean add(long t) {
            int i = n > 0 && ts[n - 1] < t ? -(n + 1) : Arrays.binarySearch(ts, 0, n, t);
            if (i >= 0) {
                return false;
            }
            int at = -(i + 1);
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
            }
            System.arraycopy(ts, at, ts, at + 1, n - at);
            ts[at] = t;
            n++;
            return true;
        }

        synchronized boolean contains(long t) {
            return Arrays.binarySearch(ts, 0, n, t) >= 0;
        }

        synchronized long[] snapshot() {
            return Arrays.copyOf(ts, n);
        }
    }

    /** Records one sample; returns false (and counts a duplicate) when it was already there. */
    public boolean add(String seriesKey, long timestamp) {
        boolean fresh = series.computeIfAbsent(seriesKey, k -> new SeriesLog()).add(timestamp);
        (fresh ? unique : duplicates).incrementAndGet();
        return fresh;
    }

    public boolean contains(String seriesKey, long timestamp) {
        SeriesLog log = series.get(seriesKey);
        return log != null && log.contains(timestamp);
    }

    /** Sorted distinct timestamps of a series (empty when never seen). */
    public long[] timestamps(String seriesKey) {
        SeriesLog log = series.get(seriesKey);
        return log == null ? new long[0] : log.snapshot();
    }

    public int seriesCount() {
        return series.size();
    }

    public Set<String> seriesKeys() {
        return Set.copyOf(series.keySet());
    }

    /** Distinct (series, timestamp) pairs. */
    public long uniqueSamples() {
        return unique.get();
    }

    /** Samples received again after being accepted once (at-least-once delivery). */
    public long duplicates() {
        return duplicates.get();
    }

    public void clear() {
        series.clear();
        unique.set(0);
        duplicates.set(0);
    }
}
