package io.azmonrw.proxy.write;

import io.azmonrw.common.http.Readiness;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness of the write path (GET /health): in-flight bytes held with no request in flight (a leaked
 * reservation: the budget would stay used up and every write get 503 until a restart), or a decode pool that no
 * longer runs its tasks. Either is the proxy's own fault, so /health fails and the kubelet restarts it; /ready
 * stays about the token and the upstream-independent configuration.
 */
public final class WritePathWatch {
    private static final Logger LOG = LoggerFactory.getLogger(WritePathWatch.class);
    /**
     * The bytes and the request count are updated a moment apart (on different event loops), so a leak is a state
     * that lasts at least this long, not one observation.
     */
    static final long LEAK_AFTER_MILLIS = 2_000;
    /** A probe task still queued after this long means the decode pool is stuck: a decode takes well under a second. */
    static final long DECODE_STUCK_AFTER_MILLIS = 60_000;

    private final LongSupplier inflightBytes;
    private final LongSupplier inflightRequests;
    private final Runnable leakCounter;
    private final LongSupplier clock;
    private long leakSince = -1;
    private boolean leakCounted;
    private volatile boolean leaking;
    private volatile long probeSince = -1;
    private volatile String decodeFailure;

    /** @param leakCounter called once per leak (the azmon_rw_proxy_budget_leaks_total counter) */
    public WritePathWatch(
            LongSupplier inflightBytes, LongSupplier inflightRequests, Runnable leakCounter, LongSupplier clock) {
        this.inflightBytes = inflightBytes;
        this.inflightRequests = inflightRequests;
        this.leakCounter = leakCounter;
        this.clock = clock;
    }

    /** One look at the budget; called periodically from one thread (a Vert.x timer). */
    public void checkBudget() {
        long now = clock.getAsLong();
        long bytes = inflightBytes.getAsLong();
        if (bytes > 0 && inflightRequests.getAsLong() == 0) {
            if (leakSince < 0) {
                leakSince = now;
            } else if (now - leakSince >= LEAK_AFTER_MILLIS && !leakCounted) {
                leakCounted = true;
                leaking = true;
                leakCounter.run();
                LOG.error(
                        "{} in-flight bytes are held with no write request in flight (a leaked reservation); /health fails",
                        bytes);
            }
        } else {
            leakSince = -1;
            leakCounted = false;
            leaking = false;
        }
    }

    /** A probe task was handed to the decode pool; true when none was outstanding (so one is sent). */
    public boolean probeSent() {
        if (probeSince >= 0) {
            return false;
        }
        probeSince = clock.getAsLong();
        return true;
    }

    /** The probe task ran (null) or the pool refused it (the reason). */
    public void probeDone(String failure) {
        probeSince = -1;
        decodeFailure = failure;
    }

    /** The /health check. */
    public Readiness.Result liveness() {
        if (leaking) {
            return Readiness.Result.down(
                    inflightBytes.getAsLong() + " in-flight bytes held with no write request in flight");
        }
        String failure = decodeFailure;
        if (failure != null) {
            return Readiness.Result.down("decode pool refused work: " + failure);
        }
        long since = probeSince;
        if (since >= 0 && clock.getAsLong() - since > DECODE_STUCK_AFTER_MILLIS) {
            return Readiness.Result.down("decode pool has not run a task for " + (clock.getAsLong() - since) + " ms");
        }
        return Readiness.Result.up("write path accepting");
    }
}
