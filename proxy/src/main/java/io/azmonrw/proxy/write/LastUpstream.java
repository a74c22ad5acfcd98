package io.azmonrw.proxy.write;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.LongSupplier;

/** The last answer of the ingestion endpoint (or its absence), for /ready's {@code upstream} field; never gates readiness. */
public final class LastUpstream {
    private record Outcome(int status, long atMillis, String reason, String message) {}

    private final LongSupplier clock;
    private volatile Outcome last;

    public LastUpstream(LongSupplier clock) {
        this.clock = clock;
    }

    /** @param status the endpoint's HTTP status, 0 when it did not answer */
    public void record(int status, String reason, String message) {
        last = new Outcome(status, clock.getAsLong(), reason, message);
    }

    /** {@code {"status":404,"time":"...","reason":"upstream_not_found","message":"..."}}; status 0 and no time before any write. */
    public JsonObject toJson() {
        Outcome o = last;
        if (o == null) {
            return new JsonObject().put("status", 0).put("reason", "none").put("message", "no write forwarded yet");
        }
        return new JsonObject()
                .put("status", o.status())
                .put("time", Instant.ofEpochMilli(o.atMillis()).toString())
                .put("reason", o.reason())
                .put("message", o.message());
    }
}
