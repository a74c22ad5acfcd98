package io.azmonrw.webhook.k8s;

import io.azmonrw.common.http.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs blocking Kubernetes API calls on a named, bounded worker pool, never on the event loop, and
 * fails them after API_TIMEOUT whatever the HTTP client does; results resume on the caller's context.
 */
public final class BoundedApi {
    public static final String POOL_NAME = "azmon-rw-k8s-api";
    public static final int POOL_SIZE = 4;
    /**
     * The caller (admission) gives up after exactly API_TIMEOUT with its own timer and says "timed out";
     * the call itself gets this much longer so that it is the caller's timer, not ours, that reports it.
     */
    public static final Duration GRACE = Duration.ofMillis(250);

    private final WorkerExecutor worker;
    private final Duration timeout;

    public BoundedApi(WorkerExecutor worker, Duration timeout) {
        this.worker = worker;
        this.timeout = timeout.plus(GRACE);
    }

    /** The call's result, or a failed future (TimeoutException) once API_TIMEOUT (plus {@link #GRACE}) has passed. */
    public <T> Future<T> call(Callable<T> call) {
        // unordered: lookups for different pods must not queue behind one slow call
        return worker.executeBlocking(call, false)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .recover(e -> Future.failedFuture(
                        Timeouts.isTimeout(e)
                                ? new TimeoutException(
                                        "Kubernetes API call timed out after " + timeout.toMillis() + " ms")
                                : e));
    }

    /** A call for background work (informer start, version checks) with a longer bound. */
    public <T> Future<T> background(Callable<T> call, Duration bound) {
        return worker.executeBlocking(call, false).timeout(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Duration timeout() {
        return timeout;
    }
}
