package io.azmonrw.webhook.server;

import io.azmonrw.common.http.HttpError;
import io.azmonrw.common.http.Responses;
import io.azmonrw.webhook.admission.AdmissionService;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /mutate}: hands the AdmissionReview to {@link AdmissionService} and answers 200 with
 * its review; failures go to the router's FailureHandler (400 for bad input, 413 over the cap), and
 * every admission, answered or failed, is counted and timed.
 */
public final class MutateHandler implements io.vertx.core.Handler<RoutingContext> {
    public static final String PATH = "/mutate";
    /** The API server caps request objects at 3 MiB (etcd's limit), so a bigger review is not one. */
    public static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

    private static final String START = "azmon.start";

    private final AdmissionService admission;
    private final WebhookMetrics metrics;
    private final ReviewBudget budget;

    public MutateHandler(AdmissionService admission, WebhookMetrics metrics) {
        this(admission, metrics, new ReviewBudget(Runtime.getRuntime().maxMemory()));
    }

    public MutateHandler(AdmissionService admission, WebhookMetrics metrics, ReviewBudget budget) {
        this.admission = admission;
        this.metrics = metrics;
        this.budget = budget;
    }

    /** Installs the route: read the capped body, answer; failures counted on the way to the router's failure handler. */
    public void mount(Router router) {
        router.post(PATH)
                // a platform handler: Vert.x Web runs those before the body handler, which is where the memory is taken
                .handler((io.vertx.ext.web.handler.PlatformHandler) this::reserve)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(this)
                .failureHandler(this::failed);
    }

    /** Takes the review's memory from the budget before its body is read; given back when the exchange ends. */
    private void reserve(RoutingContext ctx) {
        long declared = -1;
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
        }
        long cost = ReviewBudget.cost(declared);
        if (!budget.tryAcquire(cost)) {
            ctx.fail(new HttpError(
                    503,
                    "overloaded",
                    "admission reviews in memory use half the heap; retry",
                    java.util.Map.of("Retry-After", "1"),
                    null));
            return;
        }
        ctx.addEndHandler(ar -> budget.release(cost));
        ctx.next();
    }

    @Override
    public void handle(RoutingContext ctx) {
        // timed from a complete body: the upload speed of the API server is not our latency
        ctx.put(START, System.nanoTime());
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        if (buffer == null || buffer.length() == 0) {
            ctx.fail(new HttpError(400, "bad_request", "empty body: expected an AdmissionReview"));
            return;
        }
        admission.review(buffer).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            metrics.admission(ar.result().outcome().name(), ar.result().reason(), elapsed(ctx));
            Responses.send(ctx, 200, ar.result().review());
        });
    }

    private void failed(RoutingContext ctx) {
        Throwable f = ctx.failure();
        String reason;
        if (f instanceof HttpError e) {
            reason = e.code();
        } else if (ctx.statusCode() == 413) {
            reason = "payload_too_large";
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            reason = "http_" + ctx.statusCode();
        } else {
            reason = "internal_error";
        }
        metrics.admission("error", reason, elapsed(ctx));
        ctx.next();
    }

    private static long elapsed(RoutingContext ctx) {
        Long start = ctx.get(START);
        return start == null ? -1 : System.nanoTime() - start;
    }
}
