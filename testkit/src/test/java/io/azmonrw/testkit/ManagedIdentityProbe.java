package io.azmonrw.testkit;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;

/**
 * Run in a forked JVM by {@link ManagedIdentityStandInIT}: MSAL4J picks its managed identity source from the
 * process environment, which a running JVM cannot change. Prints {@code TOKEN <token>} or {@code ERROR <message>}.
 */
public final class ManagedIdentityProbe {
    private ManagedIdentityProbe() {}

    public static void main(String[] args) {
        String clientId = args[0];
        String scope = args[1];
        ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().maxRetry(0);
        if (!"system".equals(clientId)) {
            b.clientId(clientId);
        }
        ManagedIdentityCredential cred = b.build();
        try {
            AccessToken t = cred.getTokenSync(new TokenRequestContext().addScopes(scope));
            System.out.println("TOKEN " + t.getToken());
            System.exit(0);
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(3);
        }
    }
}
