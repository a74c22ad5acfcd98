package io.azmonrw.proxy.auth;

import io.azmonrw.common.logging.OneLine;
import io.azmonrw.proxy.write.FailureLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cached Entra token: fetched at startup, refreshed in the background when about 15% of its
 * lifetime is left, retried with jittered backoff forever. Fetches run on a bounded worker, never on the
 * event loop; state is only touched on the owning context. Requests wait only when no valid token exists.
 */
public final class TokenManager {
    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);
    static final double REFRESH_FRACTION = 0.15;
    static final long MIN_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;
    /** One line per distinct failure reason per minute, with the count of repeats held back. */
    static final long LOG_INTERVAL_MS = 60_000;

    private final Timers timers;
    private final WorkerExecutor worker;
    private final Callable<FetchedToken> fetcher;
    private final LongSupplier clock;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile FetchedToken current;
    private final Function<Throwable, TokenFailure> classifier;
    private final FailureLog failureLog;
    private final Consumer<String> failureCounter;
    private volatile String lastError = "not fetched yet";
    private Future<FetchedToken> inflight;
    private int consecutiveFailures;
    /** After a failure, no fetch before this time even when requests ask: Entra throttles callers that hammer it. */
    private long nextAttemptAtMillis;

    private long timerId = -1;
    private boolean stopped;

    /** The refresh and retry timers: Vert.x timers on the caller's context; a test passes timers it fires itself. */
    public interface Timers {
        /** Runs {@code action} once after {@code delayMs}, on the context that called this; returns an id for {@link #cancel}. */
        long schedule(long delayMs, Runnable action);

        void cancel(long id);

        static Timers of(Vertx vertx) {
            return new Timers() {
                @Override
                public long schedule(long delayMs, Runnable action) {
                    return vertx.setTimer(delayMs, id -> action.run());
                }

                @Override
                public void cancel(long id) {
                    vertx.cancelTimer(id);
                }
            };
        }
    }

    public TokenManager(Timers timers, WorkerExecutor worker, Callable<FetchedToken> fetcher, LongSupplier clock) {
        this(timers, worker, fetcher, clock, e -> new TokenFailure("other", OneLine.of(e)), reason -> {});
    }

    /**
     * @param classifier turns a fetch failure into its reason label and one-line hint
     * @param failureCounter counts each failure by its reason (the token failures metric)
     */
    public TokenManager(
            Timers timers,
            WorkerExecutor worker,
            Callable<FetchedToken> fetcher,
            LongSupplier clock,
            Function<Throwable, TokenFailure> classifier,
            Consumer<String> failureCounter) {
        this.timers = timers;
        this.worker = worker;
        this.fetcher = fetcher;
        this.clock = clock;
        this.classifier = classifier;
        this.failureCounter = failureCounter;
        this.failureLog = new FailureLog(LOG_INTERVAL_MS, clock, LOG);
    }

    /** Starts the first fetch; never fails (a failure is retried in the background and shows in {@link #state()}). */
    public void start() {
        fetch();
    }

    public void stop() {
        stopped = true;
        if (timerId >= 0) {
            timers.cancel(timerId);
        }
    }

    /** The bearer token to use now: immediately when one is valid, else after the fetch under way. */
    public Future<String> token() {
        FetchedToken t = current;
        if (t != null && isValid(t)) {
            return Future.succeededFuture(t.value());
        }
        if (inflight == null && clock.getAsLong() < nextAttemptAtMillis) {
            return Future.failedFuture(new TokenUnavailableException(lastError));
        }
        return fetch().map(FetchedToken::value);
    }

    /** Upstream rejected {@code rejected} with 401: drop it (unless already replaced) and fetch a new one. */
    public Future<String> tokenAfterUnauthorized(String rejected) {
        FetchedToken t = current;
        if (t != null && t.value().equals(rejected)) {
            current = null;
        }
        return token();
    }

    private boolean isValid(FetchedToken t) {
        // a small margin so that a token does not expire while a request carrying it is on the wire
        long margin = Math.min(30_000, t.lifetimeMillis() / 20);
        return clock.getAsLong() < t.expiresAtMillis() - margin;
    }

    private Future<FetchedToken> fetch() {
        if (inflight != null) {
            return inflight;
        }
        Promise<FetchedToken> p = Promise.promise();
        inflight = p.future();
        worker.executeBlocking(fetcher, false).onComplete(ar -> {
            inflight = null;
            if (ar.succeeded()) {
                onFetched(ar.result());
                p.complete(ar.result());
            } else {
                TokenFailure failure = onFailed(ar.cause());
                p.fail(new TokenUnavailableException(failure.line()));
            }
        });
        return p.future();
    }

    private void onFetched(FetchedToken t) {
        refreshes.incrementAndGet();
        consecutiveFailures = 0;
        nextAttemptAtMillis = 0;
        lastError = null;
        FetchedToken old = current;
        boolean renewed = old == null
                || t.expiresAtMillis() > old.expiresAtMillis()
                || !t.value().equals(old.value());
        if (renewed) {
            current = t;
        }
        long now = clock.getAsLong();
        long refreshAt = t.expiresAtMillis() - (long) (t.lifetimeMillis() * REFRESH_FRACTION);
        long delay = refreshAt - now;
        if (!renewed || delay <= 0) {
            // the identity handed back a token already in its refresh window: try again a little later
            delay = Math.max(MIN_BACKOFF_MS, Math.min(MAX_BACKOFF_MS, (t.expiresAtMillis() - now) / 4));
        }
        LOG.info(
                "token {}: expires in {} s, next refresh in {} s",
                renewed ? "fetched" : "unchanged",
                (t.expiresAtMillis() - now) / 1000,
                delay / 1000);
        schedule(delay);
    }

    private TokenFailure onFailed(Throwable e) {
        TokenFailure failure = classifier.apply(e);
        if (stopped) {
            // a fetch cut short by shutdown is not a failure anyone must act on
            LOG.debug("token fetch ended by shutdown: {}", failure.line(), e);
            return failure;
        }
        failures.incrementAndGet();
        failureCounter.accept(failure.reason());
        consecutiveFailures++;
        lastError = failure.line();
        long base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(16, consecutiveFailures - 1));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        FetchedToken t = current;
        if (t != null && isValid(t)) {
            // never wait past the cached token's end for the next attempt
            delay = Math.min(delay, Math.max(MIN_BACKOFF_MS, (t.expiresAtMillis() - clock.getAsLong()) / 2));
        }
        nextAttemptAtMillis = clock.getAsLong() + delay;
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "token fetch failed ({} in a row, retry in {} ms): {}",
                    consecutiveFailures,
                    delay,
                    failure.line(),
                    e);
        } else {
            failureLog.once(
                    failure.reason(),
                    "no Entra token (" + consecutiveFailures + " failed in a row, next attempt in " + delay + " ms): "
                            + failure.line());
        }
        schedule(delay);
        return failure;
    }

    private void schedule(long delayMs) {
        if (stopped) {
            return;
        }
        if (timerId >= 0) {
            timers.cancel(timerId);
        }
        timerId = timers.schedule(Math.max(1, delayMs), () -> {
            timerId = -1;
            if (!stopped) {
                fetch();
            }
        });
    }

    /** Successful fetches so far. */
    public long refreshes() {
        return refreshes.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Seconds until the cached token expires; negative or NaN-free 0 when there is none. */
    public double secondsUntilExpiry() {
        FetchedToken t = current;
        return t == null ? 0 : (t.expiresAtMillis() - clock.getAsLong()) / 1000.0;
    }

    /** One line for /ready: whether a valid token is held, until when, and the last error. */
    public TokenState state() {
        FetchedToken t = current;
        boolean valid = t != null && isValid(t);
        String detail = valid ? "valid for " + Math.round(secondsUntilExpiry()) + " s" : "no valid token";
        String err = lastError;
        if (err != null) {
            detail += "; last error: " + err;
        }
        return new TokenState(valid, detail);
    }

    /** The token state shown in /ready's body and logs. */
    public record TokenState(boolean valid, String detail) {}
}
