package io.azmonrw.proxy.write;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * docs/design.md, Status mapping: what Prometheus is told for each upstream answer, so that it
 * retries (5xx) everything that can still be delivered and drops (4xx) only what never will be.
 */
public final class StatusMapping {
    /** What to answer: status, a stable cause for metrics and logs, and headers to pass on. */
    public record Answer(int status, String cause, Map<String, String> headers) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Seconds Prometheus waits before retrying a batch that got 404 (a configuration fix takes a while). */
    static final String NOT_FOUND_RETRY_AFTER = "5";

    private final int throttledStatus;
    private final boolean forbiddenAsRetryable;

    public StatusMapping(int throttledStatus, boolean forbiddenAsRetryable) {
        this.throttledStatus = throttledStatus;
        this.forbiddenAsRetryable = forbiddenAsRetryable;
    }

    /**
     * @param upstreamStatus the ingestion endpoint's status after any 401 retry
     * @param headers the upstream response headers, lower-cased names
     */
    public Answer map(int upstreamStatus, Map<String, String> headers) {
        Map<String, String> pass = new LinkedHashMap<>();
        String retryAfter = headers.get("retry-after");
        if (upstreamStatus >= 200 && upstreamStatus < 300) {
            // remote write 2.0 reports what was written in these headers
            headers.forEach((k, v) -> {
                if (k.toLowerCase(Locale.ROOT).startsWith("x-prometheus-remote-write-")) {
                    pass.put(k, v);
                }
            });
            return new Answer(upstreamStatus, "ok", pass);
        }
        if (retryAfter != null) {
            pass.put("Retry-After", retryAfter);
        }
        if (upstreamStatus == 429) {
            return new Answer(throttledStatus, "throttled", pass);
        }
        if (upstreamStatus == 401) {
            return new Answer(503, "unauthorized", pass);
        }
        if (upstreamStatus == 403) {
            return new Answer(forbiddenAsRetryable ? 503 : 403, "forbidden", pass);
        }
        if (upstreamStatus == 404) {
            // a wrong INGESTION_URL or a rule not created yet: fixable while Prometheus holds the batch, so it retries
            pass.putIfAbsent("Retry-After", NOT_FOUND_RETRY_AFTER);
            return new Answer(503, "upstream_not_found", pass);
        }
        if (upstreamStatus >= 500 && upstreamStatus < 600) {
            return new Answer(upstreamStatus, "upstream_" + upstreamStatus, pass);
        }
        if (upstreamStatus >= 400 && upstreamStatus < 500) {
            return new Answer(upstreamStatus, "rejected_" + upstreamStatus, pass);
        }
        // 1xx/3xx: redirects are not followed (the body goes to INGESTION_URL only)
        return new Answer(502, "unexpected_" + upstreamStatus, pass);
    }

    /** No answer at all: a timeout is 504, anything else (refused, reset, TLS) 502; both are retried by Prometheus. */
    public Answer noAnswer(boolean timeout) {
        return timeout
                ? new Answer(504, "upstream_timeout", Map.of())
                : new Answer(502, "upstream_unreachable", Map.of());
    }
}
