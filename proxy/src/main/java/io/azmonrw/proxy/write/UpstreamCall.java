package io.azmonrw.proxy.write;

import io.azmonrw.common.http.FailureHandler;
import io.azmonrw.proxy.ProxyMetrics;
import io.azmonrw.proxy.auth.TokenManager;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * One forwarded write: takes the cached token, sends, retries once with a fresh token after a 401, and maps
 * the answer (docs/design.md, Status mapping). Succeeds with the 2xx answer; fails with a {@link WriteErrors.Upstream}
 * or the token failure otherwise.
 */
public final class UpstreamCall {
    private final TokenManager tokens;
    private final Forwarder forwarder;
    private final StatusMapping mapping;
    private final ProxyMetrics metrics;

    public UpstreamCall(TokenManager tokens, Forwarder forwarder, StatusMapping mapping, ProxyMetrics metrics) {
        this.tokens = tokens;
        this.forwarder = forwarder;
        this.mapping = mapping;
        this.metrics = metrics;
    }

    /** @param clientVersion the writer's X-Prometheus-Remote-Write-Version, passed on when present */
    public Future<StatusMapping.Answer> forward(Buffer body, String contentType, String encoding, String defaultVersion, String clientVersion) {
        String version = clientVersion != null && !clientVersion.isBlank() ? clientVersion : defaultVersion;
        return tokens.token().compose(bearer -> attempt(body, contentType, encoding, version, bearer, false));
    }

    private Future<StatusMapping.Answer> attempt(Buffer body, String contentType, String encoding, String version, String bearer, boolean retried) {
        long start = System.nanoTime();
        metrics.sent(body.length());
        return forwarder.send(body, contentType, encoding, version, bearer).transform(ar -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (ar.failed()) {
                metrics.upstream(0, took);
                StatusMapping.Answer a = mapping.noAnswer(isTimeout(ar.cause()));
                return Future.failedFuture(new WriteErrors.Upstream(a.status(), a.cause(),
                        "ingestion endpoint did not answer: " + FailureHandler.oneLine(String.valueOf(ar.cause().getMessage())), a.headers()));
            }
            Forwarder.Reply reply = ar.result();
            metrics.upstream(reply.status(), took);
            if (reply.status() == 401 && !retried) {
                return tokens.tokenAfterUnauthorized(bearer).compose(fresh -> attempt(body, contentType, encoding, version, fresh, true));
            }
            StatusMapping.Answer a = mapping.map(reply.status(), reply.headers());
            if (a.ok()) {
                return Future.succeededFuture(a);
            }
            String detail = reply.bodyPrefix().isEmpty() ? "" : ": " + FailureHandler.oneLine(reply.bodyPrefix());
            return Future.failedFuture(new WriteErrors.Upstream(a.status(), a.cause(),
                    "ingestion endpoint answered " + reply.status() + (retried && reply.status() == 401 ? " after a token refresh" : "") + detail,
                    a.headers()));
        });
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("timeout")) {
                return true;
            }
        }
        return false;
    }
}
