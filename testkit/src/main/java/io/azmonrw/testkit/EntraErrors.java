package io.azmonrw.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Error bodies shaped as Microsoft Entra's token endpoint writes them (OAuth2 error plus AADSTS details). */
public final class EntraErrors {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    private EntraErrors() {}

    /** {@code {"error":..., "error_description":"AADSTSnnn: ...", "error_codes":[nnn], ...}}. */
    public static JsonObject body(String error, int aadsts, String message) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        return new JsonObject()
                .put("error", error)
                .put(
                        "error_description",
                        "AADSTS" + aadsts + ": " + message + " Trace ID: " + traceId + " Correlation ID: "
                                + correlationId + " Timestamp: " + timestamp)
                .put("error_codes", new JsonArray().add(aadsts))
                .put("timestamp", timestamp)
                .put("trace_id", traceId)
                .put("correlation_id", correlationId)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
    }
}
