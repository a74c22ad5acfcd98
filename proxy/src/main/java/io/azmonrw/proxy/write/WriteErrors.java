package io.azmonrw.proxy.write;

import io.azmonrw.common.http.HttpError;
import java.util.Map;

/** The typed failures of the write path; {@code FailureHandler} turns each into the JSON error body. */
public final class WriteErrors {
    private WriteErrors() {}

    /** The writer's address is outside ALLOWED_WRITERS. */
    public static final class Forbidden extends HttpError {
        private static final long serialVersionUID = 1L;

        public Forbidden(String address) {
            super(403, "writer_not_allowed", "writes from " + address + " are not allowed (ALLOWED_WRITERS)");
        }
    }

    /** Over MAX_BODY_BYTES or MAX_DECODED_BYTES. */
    public static final class TooLarge extends HttpError {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(413, "payload_too_large", message, Map.of("Connection", "close"), null);
        }
    }

    /** Content type or content encoding this proxy does not forward. */
    public static final class UnsupportedMedia extends HttpError {
        private static final long serialVersionUID = 1L;

        public UnsupportedMedia(String message) {
            super(415, "unsupported_media_type", message);
        }
    }

    /** An empty or undecodable body. */
    public static final class BadBody extends HttpError {
        private static final long serialVersionUID = 1L;

        public BadBody(String message) {
            super(400, "bad_request", message);
        }
    }

    /** The global in-flight byte budget is used up, or the proxy is shutting down: Prometheus retries. */
    public static final class Overloaded extends HttpError {
        private static final long serialVersionUID = 1L;

        public Overloaded(String message) {
            super(503, "overloaded", message, Map.of("Retry-After", "1"), null);
        }
    }

    /** The ingestion endpoint's answer (or its absence), already mapped to what Prometheus should see. */
    public static final class Upstream extends HttpError {
        private static final long serialVersionUID = 1L;

        public Upstream(int status, String code, String message, Map<String, String> headers) {
            super(status, code, message, headers, null);
        }
    }
}
