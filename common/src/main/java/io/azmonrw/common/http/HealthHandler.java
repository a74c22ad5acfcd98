package io.azmonrw.common.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Liveness: answering at all proves the event loop is alive, so it always says UP. */
public final class HealthHandler implements Handler<RoutingContext> {
    private static final JsonObject UP = new JsonObject().put("status", "UP");

    @Override
    public void handle(RoutingContext ctx) {
        Responses.send(ctx, 200, UP);
    }
}
