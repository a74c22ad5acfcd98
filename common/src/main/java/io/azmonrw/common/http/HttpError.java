package io.azmonrw.common.http;

import java.util.Map;

/**
 * An expected failure that carries the HTTP status, a stable machine-readable code and a one-line
 * reason; {@link FailureHandler} maps it to a response in one place.
 */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    public HttpError(int status, String code, String message) {
        this(status, code, message, Map.of(), null);
    }

    public HttpError(int status, String code, String message, Map<String, String> headers, Throwable cause) {
        // no stack trace when there is no cause: these are expected, frequent and cheap
        super(message, cause, false, cause != null);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
