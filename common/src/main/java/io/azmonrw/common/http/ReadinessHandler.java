package io.azmonrw.common.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Readiness: 200 when every gating check passes, 503 otherwise, with each check listed in the JSON body. */
public final class ReadinessHandler implements Handler<RoutingContext> {
    private final Readiness readiness;

    public ReadinessHandler(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void handle(RoutingContext ctx) {
        JsonObject body = readiness.evaluate();
        Responses.send(ctx, "UP".equals(body.getString("status")) ? 200 : 503, body);
    }
}
