package io.azmonrw.proxy.auth;

import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.proxy.IdentityType;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns what azure-identity and MSAL throw into one {@link TokenFailure}: the AADSTS code, HTTP status and OAuth
 * error from MSAL's {@link MsalServiceException}, the cause from the typed exceptions in the chain (connect,
 * DNS, timeout, TLS, token file, managed identity unavailable), plus the tenant, client id and authority host.
 */
public final class TokenFailures {
    /**
     * MSAL keeps Entra's {@code error_codes} in a package-private field; the only public place of the AADSTS
     * number is the exception's own message, Entra's {@code error_description}, which starts with it.
     */
    private static final Pattern AADSTS = Pattern.compile("^\\s*AADSTS(\\d{4,8})\\b");

    private static final int MAX_DEPTH = 20;

    private final IdentityType type;
    private final String tenantId;
    private final String clientId;
    private final String authorityHost;

    public TokenFailures(IdentityType type, String tenantId, String clientId, String authorityHost) {
        this.type = type;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.authorityHost = authorityHost;
    }

    public TokenFailure classify(Throwable failure) {
        MsalServiceException service = find(failure, MsalServiceException.class);
        if (service != null) {
            return fromService(service);
        }
        boolean managed = type == IdentityType.SYSTEM_ASSIGNED || type == IdentityType.USER_ASSIGNED;
        if (find(failure, InterruptedException.class) != null) {
            return new TokenFailure("interrupted", "token request interrupted (the proxy is stopping)");
        }
        if (find(failure, NoSuchFileException.class) != null
                || find(failure, AccessDeniedException.class) != null
                || find(failure, FileNotFoundException.class) != null) {
            return new TokenFailure(
                    "token_file",
                    "cannot read the service account token file (AZURE_FEDERATED_TOKEN_FILE) for " + who()
                            + ". Fix: mount the projected token (the azure.workload.identity/use: \"true\" pod label) or correct the path");
        }
        String network = networkCause(failure);
        if (managed && (network != null || find(failure, CredentialUnavailableException.class) != null)) {
            return new TokenFailure(
                    "managed_identity_unavailable",
                    "managed identity endpoint (IMDS 169.254.169.254, or IDENTITY_ENDPOINT)"
                            + " not available" + (network == null ? "" : " (" + network + ")") + " for " + who()
                            + ". Fix: run on an Azure node with the identity assigned, and let the pod reach the endpoint (network policy, hostNetwork)");
        }
        if (network != null) {
            return new TokenFailure(
                    network,
                    "token request to " + where() + " failed: " + describe(network) + ", for " + who()
                            + ". Fix: check AZURE_AUTHORITY_HOST or CLOUD, DNS, the egress network policy, HTTPS_PROXY/NO_PROXY and CA_BUNDLE_FILE");
        }
        // last resort: no typed cause is known; the innermost message is all there is
        Throwable root = failure;
        for (int i = 0; i < MAX_DEPTH && root.getCause() != null; i++) {
            root = root.getCause();
        }
        return new TokenFailure(
                "other",
                "token request for " + who() + " at " + where() + " failed: "
                        + root.getClass().getSimpleName() + ": " + OneLine.of(String.valueOf(root.getMessage())));
    }

    private TokenFailure fromService(MsalServiceException e) {
        Integer status = e.statusCode();
        String oauth = e.errorCode();
        String answered =
                "HTTP " + (status == null ? "?" : status) + (oauth == null || oauth.isBlank() ? "" : " " + oauth);
        Matcher m = AADSTS.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            EntraHints.Hint h = EntraHints.of(code);
            return new TokenFailure(
                    "AADSTS" + code,
                    "Entra refused the token request: AADSTS" + code + " (" + answered + ") from " + where() + " for "
                            + who() + ": " + h.problem() + ". Fix: " + h.fix());
        }
        if (e.managedIdentitySource() != null
                || type == IdentityType.SYSTEM_ASSIGNED
                || type == IdentityType.USER_ASSIGNED) {
            boolean notAssigned = status != null && (status == 400 || status == 404);
            return new TokenFailure(
                    notAssigned ? "managed_identity_not_assigned" : "managed_identity_refused",
                    "managed identity endpoint answered " + answered + " for " + who()
                            + (notAssigned
                                    ? ": the identity is not assigned to this node or VM scale set. Fix: assign it (az vmss identity assign) or correct AZURE_CLIENT_ID"
                                    : ": " + OneLine.of(e)));
        }
        boolean unavailable = status != null && status >= 500;
        return new TokenFailure(
                unavailable ? "entra_unavailable" : "entra_refused",
                "Entra answered " + answered + " from " + where() + " for " + who()
                        + (unavailable ? ": temporarily unavailable; retried with backoff" : ": " + OneLine.of(e)));
    }

    /** unreachable, dns, timeout or tls, from the typed exceptions in the chain; null for none of them. */
    static String networkCause(Throwable failure) {
        if (find(failure, UnknownHostException.class) != null) {
            return "dns";
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null) {
            return "unreachable";
        }
        if (find(failure, HttpTimeoutException.class) != null
                || find(failure, SocketTimeoutException.class) != null
                || find(failure, TimeoutException.class) != null) {
            return "timeout";
        }
        if (find(failure, SSLException.class) != null) {
            return "tls";
        }
        return null;
    }

    private static String describe(String network) {
        return switch (network) {
            case "dns" -> "the host name does not resolve";
            case "unreachable" -> "cannot connect";
            case "timeout" -> "no answer in time";
            default -> "the TLS handshake failed (is the server's CA in CA_BUNDLE_FILE or the JVM's trust store?)";
        };
    }

    private String where() {
        if (type == IdentityType.SYSTEM_ASSIGNED || type == IdentityType.USER_ASSIGNED || authorityHost == null) {
            return "the managed identity endpoint";
        }
        URI u = URI.create(authorityHost);
        return u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : String.valueOf(u.getHost());
    }

    private String who() {
        return "client id " + (clientId == null ? "(system-assigned)" : clientId)
                + (tenantId == null ? "" : " in tenant " + tenantId);
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Throwable t = failure;
        for (int i = 0; i < MAX_DEPTH && t != null; i++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
            t = t.getCause();
        }
        return null;
    }
}
