package io.azmonrw.proxy.auth;

import io.azmonrw.common.http.HttpError;
import java.util.Map;

/** No valid token could be obtained: 503 with the reason, so Prometheus retries the batch later. */
public final class TokenUnavailableException extends HttpError {
    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String reason) {
        super(503, "token_unavailable", "no Entra token: " + reason, Map.of("Retry-After", "5"), null);
    }
}
