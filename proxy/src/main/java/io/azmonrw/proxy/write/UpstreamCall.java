package io.azmonrw.proxy.write;

import io.azmonrw.common.config.IngestionUrl;
import io.azmonrw.common.http.Timeouts;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.proxy.ProxyMetrics;
import io.azmonrw.proxy.auth.TokenManager;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.net.URI;

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
    private final LastUpstream last;
    private final String notFoundHint;
    private final boolean forwardRw2;

    /**
     * @param target INGESTION_URL, named in the hint of a 404
     * @param forwardRw2 UPSTREAM_RW2=forward; otherwise remote write 2.0 is answered 415 before anything is sent
     */
    public UpstreamCall(
            TokenManager tokens,
            Forwarder forwarder,
            StatusMapping mapping,
            ProxyMetrics metrics,
            LastUpstream last,
            URI target,
            boolean forwardRw2) {
        this.tokens = tokens;
        this.forwarder = forwarder;
        this.mapping = mapping;
        this.metrics = metrics;
        this.last = last;
        this.forwardRw2 = forwardRw2;
        this.notFoundHint = IngestionUrl.parts(target)
                .map(
                        p -> "data collection rule " + p.dataCollectionRule() + ", stream " + p.stream() + " at "
                                + target.getHost()
                                + " not found: check INGESTION_URL (the rule's immutable id, its stream and its endpoint) and that the rule exists")
                .orElse(target.getHost() + target.getPath() + " not found: check INGESTION_URL");
    }

    /** Whether remote write 2.0 requests go upstream (UPSTREAM_RW2=forward). */
    public boolean forwardsRw2() {
        return forwardRw2;
    }

    /** The 415 message for a remote write 2.0 request under UPSTREAM_RW2=reject. */
    public static final String RW2_REJECTED =
            "remote write 2.0 is not forwarded: Azure Monitor does not document accepting it and could"
                    + " drop what it does not understand with a 2xx (UPSTREAM_RW2=reject); send remote write 1.0 (Prometheus 3 falls back on this 415)";

    /** @param clientVersion the writer's X-Prometheus-Remote-Write-Version, passed on when present */
    public Future<StatusMapping.Answer> forward(
            Buffer body, String contentType, String encoding, String defaultVersion, String clientVersion) {
        String version = clientVersion != null && !clientVersion.isBlank() ? clientVersion : defaultVersion;
        return tokens.token().compose(bearer -> attempt(body, contentType, encoding, version, bearer, false));
    }

    private Future<StatusMapping.Answer> attempt(
            Buffer body, String contentType, String encoding, String version, String bearer, boolean retried) {
        long start = System.nanoTime();
        metrics.sent(body.length());
        return forwarder.send(body, contentType, encoding, version, bearer).transform(ar -> {
            long took = System.nanoTime() - start;
            if (ar.failed()) {
                metrics.upstream(0, took);
                StatusMapping.Answer a = mapping.noAnswer(Timeouts.isTimeout(ar.cause()));
                String message = "ingestion endpoint did not answer: " + OneLine.of(ar.cause());
                last.record(0, a.cause(), message);
                return Future.failedFuture(new WriteErrors.Upstream(a.status(), a.cause(), message, a.headers()));
            }
            Forwarder.Reply reply = ar.result();
            metrics.upstream(reply.status(), took);
            if (reply.status() == 401 && !retried) {
                return tokens.tokenAfterUnauthorized(bearer)
                        .compose(fresh -> attempt(body, contentType, encoding, version, fresh, true));
            }
            StatusMapping.Answer a = mapping.map(reply.status(), reply.headers());
            if (a.ok()) {
                last.record(reply.status(), a.cause(), "accepted");
                return Future.succeededFuture(a);
            }
            String detail = reply.bodyPrefix().isEmpty() ? "" : ": " + OneLine.of(reply.bodyPrefix());
            String message = "ingestion endpoint answered " + reply.status()
                    + (retried && reply.status() == 401 ? " after a token refresh" : "")
                    + (reply.status() == 404 ? ": " + notFoundHint + "; the batch is retried" : "") + detail;
            last.record(reply.status(), a.cause(), message);
            return Future.failedFuture(new WriteErrors.Upstream(a.status(), a.cause(), message, a.headers()));
        });
    }
}
