package io.azmonrw.testkit;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/** What the two token-issuing stand-ins share: the token ledger, the token lifetime and the outage windows. */
public abstract class IdentityStandIn<S extends IdentityStandIn<S>> extends StandIn {
    protected final TokenLedger ledger;
    protected final Outage outage = new Outage();
    protected volatile Duration lifetime;

    protected IdentityStandIn(Vertx vertx, TestCa ca, TokenLedger ledger, Duration lifetime) {
        super(vertx, ca);
        this.ledger = ledger;
        this.lifetime = lifetime;
    }

    /** This stand-in, typed, for fluent setters. */
    protected abstract S self();

    /** Lifetime ({@code expires_in}) of tokens issued from now on. */
    public S tokenLifetime(Duration lifetime) {
        this.lifetime = lifetime;
        return self();
    }

    /** Every token request fails with {@code status} for {@code period}, starting now. */
    public S failFor(Duration period, int status) {
        outage.failFor(period, status);
        return self();
    }

    /** Token requests arriving in the next {@code period} get no answer until it ends. */
    public S hangFor(Duration period) {
        outage.hangFor(period);
        return self();
    }

    /** Ends failure and hang windows. */
    public S clearFaults() {
        outage.clear();
        return self();
    }

    public TokenLedger ledger() {
        return ledger;
    }

    /** True when the bearer token was issued by this stand-in (or its shared ledger) and is unexpired. */
    public boolean isValid(String bearer) {
        return ledger.isValid(bearer);
    }

    public List<TokenLedger.IssuedToken> issuedTokens() {
        return ledger.issued();
    }
}
