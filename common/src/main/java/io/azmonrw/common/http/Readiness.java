package io.azmonrw.common.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * The readiness checks a service registers. A check may be informational: it shows in the body but
 * never makes the service unready (the proxy's token state, docs/design.md, Endpoints).
 */
public final class Readiness {
    /** The result of one check: whether it passes and a one-line detail. */
    public record Result(boolean ready, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }

    private record Check(Supplier<Result> supplier, boolean gating) {}

    private final Map<String, Check> checks = new ConcurrentSkipListMap<>();
    private final Map<String, Supplier<JsonObject>> attachments = new ConcurrentSkipListMap<>();

    /** A check that makes the service unready while it fails. */
    public Readiness register(String name, Supplier<Result> check) {
        checks.put(name, new Check(check, true));
        return this;
    }

    /** A check reported in the body that never changes the status code. */
    public Readiness registerInformational(String name, Supplier<Result> check) {
        checks.put(name, new Check(check, false));
        return this;
    }

    /** A top-level field of the body beside {@code checks} (the proxy's last upstream answer); never changes the status. */
    public Readiness attach(String field, Supplier<JsonObject> value) {
        attachments.put(field, value);
        return this;
    }

    /** Evaluates every check; a check that throws counts as failing with the exception as detail. */
    public JsonObject evaluate() {
        boolean ready = true;
        JsonArray list = new JsonArray();
        for (Map.Entry<String, Check> e : checks.entrySet()) {
            Result r;
            try {
                r = e.getValue().supplier().get();
            } catch (RuntimeException ex) {
                r = Result.down("check failed: " + ex);
            }
            if (e.getValue().gating() && !r.ready()) {
                ready = false;
            }
            list.add(new JsonObject()
                    .put("name", e.getKey())
                    .put("status", r.ready() ? "UP" : "DOWN")
                    .put("gating", e.getValue().gating())
                    .put("detail", r.detail()));
        }
        JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", list);
        attachments.forEach((field, value) -> body.put(field, value.get()));
        return body;
    }
}
