package io.azmonrw.common.http;

import io.azmonrw.common.logging.OneLine;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure of a router to the JSON error body, in one place. Unexpected exceptions become a 500 and a log line. */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof HttpError e) {
            Responses.error(ctx, e);
            return;
        }
        int status = ctx.statusCode();
        if (failure == null && status >= 400) {
            Responses.error(ctx, status, codeFor(status), reasonFor(status, ctx));
            return;
        }
        if (failure != null && status >= 400 && status < 500) {
            Responses.error(ctx, status, codeFor(status), OneLine.of(failure.getMessage()));
            return;
        }
        LOG.error(
                "unexpected failure on {} {}: {}",
                ctx.request().method(),
                ctx.request().path(),
                String.valueOf(failure),
                failure);
        Responses.error(ctx, 500, "internal_error", "internal error");
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    private static String reasonFor(int status, RoutingContext ctx) {
        return switch (status) {
            case 404 -> "no route for " + ctx.request().path();
            case 405 ->
                "method " + ctx.request().method() + " not allowed on "
                        + ctx.request().path();
            case 413 -> "request body too large";
            default -> "request failed with status " + status;
        };
    }
}
