package io.azmonrw.webhook.k8s;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs blocking Kubernetes API calls on a named, bounded worker pool, never on the event loop, and
 * fails them after API_TIMEOUT whatever the HTTP client does; results resume on the caller's context.
 */
public final class BoundedApi {
    public static final String POOL_NAME = "azmon-rw-k8s-api";
    public static final int POOL_SIZE = 4;

    private final WorkerExecutor worker;
    private final Duration timeout;

    public BoundedApi(WorkerExecutor worker, Duration timeout) {
        this.worker = worker;
        this.timeout = timeout;
    }

    /** The call's result, or a failed future (TimeoutException-like) once API_TIMEOUT has passed. */
    public <T> Future<T> call(Callable<T> call) {
        // unordered: lookups for different pods must not queue behind one slow call
        return worker.executeBlocking(call, false).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A call for background work (informer start, version checks) with a longer bound. */
    public <T> Future<T> background(Callable<T> call, Duration bound) {
        return worker.executeBlocking(call, false).timeout(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Duration timeout() {
        return timeout;
    }
}
