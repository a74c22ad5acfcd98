package io.azmonrw.webhook.server;

import io.azmonrw.common.memory.ByteBudget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the AdmissionReviews held in memory at once against the heap: each costs its body (at most
 * {@link MutateHandler#MAX_BODY_BYTES}) times {@link #EXPANSION} while it is parsed, mutated and answered, and all of
 * them together may hold half the heap; a review beyond that gets 503 (the API server retries or applies the
 * webhook's failurePolicy) instead of an OutOfMemoryError that would refuse every admission at once.
 */
public final class ReviewBudget {
    /**
     * The JSON text, Jackson's tree of it (several times the text), the mutated copy and the patch: measured a little
     * under 6 times the body for Pod reviews; 8 leaves room.
     */
    public static final int EXPANSION = 8;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** @throws IllegalStateException when the heap cannot hold even one review of the largest size */
    public ReviewBudget(long heapBytes) {
        long perReview = MutateHandler.MAX_BODY_BYTES * EXPANSION;
        this.limit = heapBytes / 2;
        if (perReview > limit) {
            throw new IllegalStateException("a heap of " + heapBytes + " bytes cannot hold one AdmissionReview of "
                    + MutateHandler.MAX_BODY_BYTES + " bytes while it is handled (" + perReview
                    + " bytes, at most half the heap): give the webhook at least " + 2 * perReview + " bytes of heap");
        }
    }

    /** The memory a review of this declared length (-1: unknown, so the cap) costs while handled. */
    static long cost(long contentLength) {
        long body = contentLength < 0 || contentLength > MutateHandler.MAX_BODY_BYTES
                ? MutateHandler.MAX_BODY_BYTES
                : contentLength;
        return Math.max(1, body) * EXPANSION;
    }

    boolean tryAcquire(long bytes) {
        return ByteBudget.tryAdd(used, bytes, limit);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
