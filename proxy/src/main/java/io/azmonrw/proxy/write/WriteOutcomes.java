package io.azmonrw.proxy.write;

import io.azmonrw.common.http.HttpError;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.proxy.ProxyMetrics;
import io.azmonrw.proxy.auth.TokenUnavailableException;
import io.azmonrw.proxy.decode.WriteStats;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends a write request: counts it in metrics, logs it (rate-limited failures, every outcome with TRACE_LOGGING), answers. */
public final class WriteOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(WriteOutcomes.class);

    private final ProxyMetrics metrics;
    private final FailureLog failureLog;
    private final boolean trace;

    public WriteOutcomes(ProxyMetrics metrics, FailureLog failureLog, boolean trace) {
        this.metrics = metrics;
        this.failureLog = failureLog;
        this.trace = trace;
    }

    public void received(long bytes) {
        metrics.received(bytes);
    }

    public void ok(RoutingContext ctx, StatusMapping.Answer answer, WriteStats stats) {
        metrics.request("ok", answer.status(), stats);
        if (trace) {
            LOG.info("write from {}: {} ok, {}", ctx.request().remoteAddress(), answer.status(), stats);
        }
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(answer.status());
        answer.headers().forEach(resp::putHeader);
        resp.end();
    }

    /** Answers with the failure's status through the router's failure handler. */
    public void fail(RoutingContext ctx, Throwable failure, WriteStats stats) {
        HttpError e = failure instanceof HttpError h
                ? h
                : new WriteErrors.Upstream(502, "internal", OneLine.of(String.valueOf(failure)), java.util.Map.of());
        metrics.request(e.code(), e.status(), stats);
        if (trace) {
            LOG.info("write from {}: {} {}: {}", ctx.request().remoteAddress(), e.status(), e.code(), e.getMessage());
        } else if (!(e instanceof TokenUnavailableException)) {
            // the token manager already logs each token failure once a minute, with its hint
            failureLog.failure(e.code(), e.status(), e.getMessage());
        }
        if (!ctx.failed() && !ctx.response().ended()) {
            ctx.fail(e);
        }
    }

    /** 413 and close: the rest of an oversized body is never read into memory. */
    public void tooLarge(RoutingContext ctx, String message) {
        HttpServerRequest req = ctx.request();
        if (req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            // HTTP/1.x: the unread rest of the body would otherwise be parsed as the next request. Through the
            // routing context: response.endHandler(...) would replace the one that runs its end handlers (and
            // with them the release of the request's in-flight reservation)
            ctx.addEndHandler(v -> req.connection().close());
        }
        fail(ctx, new WriteErrors.TooLarge(message), null);
    }
}
