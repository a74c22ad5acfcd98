package io.azmonrw.proxy.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** One blocking token request through azure-identity; run only on the token worker. */
public final class AzureTokenFetcher implements Callable<FetchedToken> {
    private final Supplier<TokenCredential> credentials;
    private final String scope;

    public AzureTokenFetcher(Supplier<TokenCredential> credentials, String scope) {
        this.credentials = credentials;
        this.scope = scope;
    }

    @Override
    public FetchedToken call() {
        long now = System.currentTimeMillis();
        AccessToken t = credentials.get().getTokenSync(new TokenRequestContext().addScopes(scope));
        if (t == null || t.getToken() == null) {
            throw new IllegalStateException("the identity returned no token");
        }
        return new FetchedToken(t.getToken(), t.getExpiresAt().toInstant().toEpochMilli(), now);
    }
}
