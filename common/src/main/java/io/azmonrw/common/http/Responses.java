package io.azmonrw.common.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The one way responses are written: one JSON error shape, and never a second write to an ended response. */
public final class Responses {
    public static final String JSON = "application/json";

    private Responses() {}

    /** The single error body shape of both services: {@code {"status":503,"error":"token_unavailable","message":"..."}}. */
    public static JsonObject errorBody(int status, String code, String message) {
        return new JsonObject().put("status", status).put("error", code).put("message", message == null ? "" : message);
    }

    /** Writes a JSON body unless a response was already started; returns whether it wrote. */
    public static boolean send(RoutingContext ctx, int status, JsonObject body) {
        return send(ctx, status, body, Map.of());
    }

    public static boolean send(RoutingContext ctx, int status, JsonObject body, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return false;
        }
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader("Content-Type", JSON);
        response.end(body.toBuffer());
        return true;
    }

    public static boolean error(RoutingContext ctx, HttpError e) {
        return send(ctx, e.status(), errorBody(e.status(), e.code(), e.getMessage()), e.headers());
    }

    public static boolean error(RoutingContext ctx, int status, String code, String message) {
        return send(ctx, status, errorBody(status, code, message));
    }
}
