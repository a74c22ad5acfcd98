package io.azmonrw.testkit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Opaque access tokens issued by the identity stand-ins, with their expiry; shared so one check covers all. */
public final class TokenLedger {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One issued token and who got it. */
    public record IssuedToken(String token, String subject, String scope, Instant issuedAt, Instant expiresAt) {
        @Override
        public String toString() {
            // never print the token itself, only enough to tell tokens apart
            return "IssuedToken[" + token.substring(0, 6) + "..., subject=" + subject + ", scope=" + scope
                    + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final Map<String, IssuedToken> byToken = new ConcurrentHashMap<>();
    private final List<IssuedToken> ordered = new ArrayList<>();

    public TokenLedger() {
        this(Clock.systemUTC());
    }

    public TokenLedger(Clock clock) {
        this.clock = clock;
    }

    /** Issues a fresh random token valid for {@code lifetime}. */
    public IssuedToken issue(String subject, String scope, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Instant now = clock.instant();
        IssuedToken t = new IssuedToken(
                "tk." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                subject,
                scope,
                now,
                now.plus(lifetime));
        byToken.put(t.token(), t);
        synchronized (ordered) {
            ordered.add(t);
        }
        return t;
    }

    /** True when {@code bearer} was issued here and has not expired. */
    public boolean isValid(String bearer) {
        IssuedToken t = bearer == null ? null : byToken.get(bearer);
        return t != null && clock.instant().isBefore(t.expiresAt());
    }

    /** Tokens in the order they were issued. */
    public List<IssuedToken> issued() {
        synchronized (ordered) {
            return List.copyOf(ordered);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
