package io.azmonrw.proxy.auth;

/** An access token and when it stops being valid; {@code toString()} never shows the token. */
public record FetchedToken(String value, long expiresAtMillis, long fetchedAtMillis) {
    public long lifetimeMillis() {
        return Math.max(0, expiresAtMillis - fetchedAtMillis);
    }

    @Override
    public String toString() {
        return "token(expires " + java.time.Instant.ofEpochMilli(expiresAtMillis) + ")";
    }
}
