package io.azmonrw.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azmonrw.proxy.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenManagerTest {
    private final Vertx vertx = Vertx.vertx();
    private final WorkerExecutor worker = vertx.createSharedWorkerExecutor("test-token", 1);
    /** The test's clock: time moves only when a test says so. */
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private final ManualTimers timers = new ManualTimers(clock);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Runs on a Vert.x context, as the verticle does. */
    private <T> T onContext(Callable<Future<T>> action) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                action.call().onComplete(ar -> {
                    if (ar.succeeded()) {
                        out.complete(ar.result());
                    } else {
                        out.completeExceptionally(ar.cause());
                    }
                });
            } catch (Exception e) {
                out.completeExceptionally(e);
            }
        });
        return out.get(10, TimeUnit.SECONDS);
    }

    private TokenManager manager(Callable<FetchedToken> fetcher) throws Exception {
        TokenManager[] holder = new TokenManager[1];
        onContext(() -> {
            holder[0] = new TokenManager(timers, worker, fetcher, clock::get);
            holder[0].start();
            return Future.succeededFuture(true);
        });
        return holder[0];
    }

    /** A token from the test clock, valid for {@code lifetimeMs}. */
    private FetchedToken token(String value, long lifetimeMs) {
        long now = clock.get();
        return new FetchedToken(value, now + lifetimeMs, now);
    }

    /** Advances the test clock and fires the timers now due on the Vert.x context, as Vert.x would. */
    private void advance(long ms) throws Exception {
        onContext(() -> {
            timers.advance(ms).forEach(Runnable::run);
            return Future.succeededFuture(true);
        });
    }

    /** Waits (bounded) for the fetch on the worker thread that a timer or request started. */
    private static void awaitCount(LongSupplier count, long expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsLong() < expected && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(count.getAsLong()).isEqualTo(expected);
    }

    @Test
    void refreshesInTheBackgroundWhenFifteenPercentOfTheLifetimeIsLeft() throws Exception {
        AtomicInteger n = new AtomicInteger();
        // 2 s tokens: the refresh is due when 15% (300 ms) is left, 1700 ms after each fetch
        TokenManager m = manager(() -> token("t" + n.incrementAndGet(), 2000));
        awaitCount(m::refreshes, 1);
        assertThat(onContext(m::token)).isEqualTo("t1");
        advance(1699);
        assertThat(m.refreshes()).isEqualTo(1);
        assertThat(onContext(m::token)).isEqualTo("t1");
        advance(1);
        awaitCount(m::refreshes, 2);
        assertThat(onContext(m::token)).isEqualTo("t2");
        advance(1700);
        awaitCount(m::refreshes, 3);
        assertThat(onContext(m::token)).isEqualTo("t3");
        assertThat(n.get()).isEqualTo(3);
        assertThat(m.failures()).isZero();
        assertThat(m.state().valid()).isTrue();
    }

    @Test
    void keepsServingTheCachedTokenWhileFetchesFail() throws Exception {
        AtomicBoolean down = new AtomicBoolean(false);
        AtomicInteger n = new AtomicInteger();
        TokenManager m = manager(() -> {
            if (down.get()) {
                throw new IllegalStateException("token endpoint down");
            }
            return token("t" + n.incrementAndGet(), 4000);
        });
        assertThat(onContext(m::token)).isEqualTo("t1");
        down.set(true);
        // the refresh point (15% of 4 s before expiry), still inside the lifetime
        advance(3400);
        awaitCount(m::failures, 1);
        assertThat(onContext(m::token)).isEqualTo("t1");
        assertThat(m.state().detail()).contains("token endpoint down");
        down.set(false);
        // the retry after one failure comes within 500 ms (jittered backoff of 250-500 ms)
        advance(500);
        awaitCount(m::refreshes, 2);
        assertThat(onContext(m::token)).isEqualTo("t2");
    }

    @Test
    void unauthorizedDropsTheRejectedTokenOnce() throws Exception {
        AtomicInteger n = new AtomicInteger();
        TokenManager m = manager(() -> token("t" + n.incrementAndGet(), 3_600_000));
        assertThat(onContext(m::token)).isEqualTo("t1");
        assertThat(onContext(() -> m.tokenAfterUnauthorized("t1"))).isEqualTo("t2");
        // a late 401 for the old token does not throw away the new one
        assertThat(onContext(() -> m.tokenAfterUnauthorized("t1"))).isEqualTo("t2");
        assertThat(n.get()).isEqualTo(2);
    }

    @Test
    void failsFastDuringTheBackoffInsteadOfHammeringTheIdentity() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenManager m = manager(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("AADSTS700016");
        });
        for (int i = 0; i < 5; i++) {
            try {
                onContext(m::token);
                throw new AssertionError("expected no token");
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause())
                        .isInstanceOf(TokenUnavailableException.class)
                        .hasMessageContaining("AADSTS700016");
            }
        }
        // the first fetch only, never one per request; the retry waits for its backoff (250-500 ms after one failure)
        assertThat(calls.get()).isEqualTo(1);
        advance(500);
        awaitCount(m::failures, 2);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void waitersShareOneFetchWhenNoTokenIsValid() throws Exception {
        AtomicInteger n = new AtomicInteger();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        TokenManager m = manager(() -> {
            gate.get(5, TimeUnit.SECONDS);
            return token("t" + n.incrementAndGet(), 3_600_000);
        });
        CompletableFuture<List<String>> both = new CompletableFuture<>();
        vertx.runOnContext(v -> Future.all(m.token(), m.token())
                .onSuccess(cf -> both.complete(List.of(cf.resultAt(0), cf.resultAt(1)))));
        gate.complete(null);
        assertThat(both.get(10, TimeUnit.SECONDS)).containsExactly("t1", "t1");
        assertThat(n.get()).isEqualTo(1);
    }

    @Test
    void oneWarnLinePerMinuteForRepeatedFailuresWithTheHintOnceInEachMessage() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
        String hint =
                "Entra refused the token request: AADSTS70021 (HTTP 400 invalid_request). Fix: add a federated credential";
        try (LogCapture capture = new LogCapture()) {
            TokenManager[] holder = new TokenManager[1];
            onContext(() -> {
                holder[0] = new TokenManager(
                        timers,
                        worker,
                        () -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException("wrapped chain");
                        },
                        clock::get,
                        e -> new TokenFailure("AADSTS70021", hint),
                        counted::add);
                holder[0].start();
                return Future.succeededFuture(true);
            });
            TokenManager m = holder[0];
            for (int i = 0; i < 4; i++) {
                // past any backoff, still inside the first minute: each request starts one fetch
                clock.addAndGet(10_000);
                assertThatThrownBy(() -> onContext(m::token))
                        .cause()
                        .isInstanceOf(TokenUnavailableException.class)
                        .hasMessage("no Entra token: " + hint);
            }
            List<String> warn = tokenWarnings(capture);
            assertThat(warn).hasSize(1);
            assertThat(warn.get(0)).contains(hint).doesNotContain("(more like it");
            clock.addAndGet(61_000);
            assertThatThrownBy(() -> onContext(m::token)).cause().isInstanceOf(TokenUnavailableException.class);
            warn = tokenWarnings(capture);
            assertThat(warn).hasSize(2);
            assertThat(warn.get(1)).contains(hint).containsPattern("\\(\\d+ more like it since the last line\\)");
            assertThat(capture.events()).allMatch(e -> e.getThrowableProxy() == null);
            assertThat(m.state().detail()).isEqualTo("no valid token; last error: " + hint);
            assertThat(counted).hasSizeGreaterThanOrEqualTo(5).containsOnly("AADSTS70021");
            assertThat(calls.get()).isGreaterThanOrEqualTo(counted.size());
            onContext(() -> {
                m.stop();
                return Future.succeededFuture(true);
            });
        }
    }

    private static List<String> tokenWarnings(LogCapture capture) {
        return capture.atLeast(ch.qos.logback.classic.Level.WARN).stream()
                .filter(e -> e.getLoggerName().equals(TokenManager.class.getName()))
                .map(e -> e.getFormattedMessage())
                .toList();
    }
}
