package io.azmonrw.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Faults the ingestion stand-in injects, changeable while it runs. */
final class IngestionFaults {
    /**
     * A scripted answer: a status with headers after {@code delayMillis} (0: the stand-in's latency; below 0: never),
     * or a connection reset when {@code reset}.
     */
    record Scripted(int status, Map<String, String> headers, boolean reset, long delayMillis) {}

    final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    volatile double errorRate;
    volatile int errorStatus = 503;
    volatile double resetRate;
    volatile Duration latency = Duration.ZERO;
    volatile Duration maxSampleAge;
    private final AtomicLong forbiddenUntilNanos = new AtomicLong(Long.MIN_VALUE);

    void forbiddenFor(Duration period) {
        forbiddenUntilNanos.set(System.nanoTime() + period.toNanos());
    }

    boolean forbiddenNow() {
        long until = forbiddenUntilNanos.get();
        return until != Long.MIN_VALUE && System.nanoTime() - until < 0;
    }

    boolean roll(double rate) {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    void clear() {
        script.clear();
        errorRate = 0;
        resetRate = 0;
        latency = Duration.ZERO;
        maxSampleAge = null;
        forbiddenUntilNanos.set(Long.MIN_VALUE);
    }
}
