package io.azmonrw.proxy.auth;

import java.util.Map;

/**
 * What each Entra error code (AADSTSnnnnn) means for this proxy and how to fix it: the hint table of proxy/README.md.
 * Codes from Microsoft's published AADSTS error list; the fixes name the setting that causes each one here.
 */
public final class EntraHints {
    private EntraHints() {}

    /** One row: what went wrong and what to change. */
    public record Hint(String problem, String fix) {}

    private static final String ISSUER_REACHABLE =
            "make the issuer URL of the federated credential publicly reachable over https"
                    + " and serving /.well-known/openid-configuration and its JWKS";

    private static final Map<Integer, Hint> BY_CODE = Map.ofEntries(
            Map.entry(
                    70021,
                    new Hint(
                            "no federated identity credential matches the service account token",
                            "on the app or managed identity, add a federated credential whose issuer is the cluster's OIDC issuer URL"
                                    + " and whose subject is system:serviceaccount:<namespace>:<service-account> of this pod (audience api://AzureADTokenExchange)")),
            Map.entry(
                    700016,
                    new Hint(
                            "the client id is not an application in this tenant",
                            "set AZURE_CLIENT_ID (or the azure.workload.identity/client-id annotation) to the app's or identity's client id,"
                                    + " and AZURE_TENANT_ID to the tenant that holds it")),
            Map.entry(
                    700024,
                    new Hint(
                            "the client assertion is not within its valid time range",
                            "the projected service account token is stale or the node clock is off: check that the token file is the"
                                    + " kubelet-projected one (AZURE_FEDERATED_TOKEN_FILE) and that the node's clock is synchronised")),
            Map.entry(50166, new Hint("Entra could not reach the cluster's OIDC issuer", ISSUER_REACHABLE)),
            Map.entry(90061, new Hint("Entra's request to the cluster's OIDC issuer failed", ISSUER_REACHABLE)),
            Map.entry(
                    7000215,
                    new Hint(
                            "an invalid client secret was sent",
                            "use the secret's value, not its id, and check it belongs to this client id")),
            Map.entry(
                    7000222,
                    new Hint(
                            "the client secret has expired",
                            "create a new client secret on the app registration and roll it out")),
            Map.entry(
                    90002,
                    new Hint(
                            "the tenant was not found",
                            "set AZURE_TENANT_ID to the directory (tenant) id, and CLOUD or AZURE_AUTHORITY_HOST to the cloud that holds it")),
            Map.entry(
                    700027,
                    new Hint(
                            "the certificate assertion was not accepted",
                            "upload this certificate (AZURE_CLIENT_CERTIFICATE_PATH) to the app registration, or configure subject name"
                                    + " and issuer authentication for it")),
            Map.entry(
                    7000218,
                    new Hint(
                            "the request carried no client assertion or secret",
                            "mount the projected service account token (AZURE_FEDERATED_TOKEN_FILE) or the client certificate")),
            Map.entry(
                    50196,
                    new Hint(
                            "Entra is temporarily unavailable or throttling this client",
                            "nothing to change: the proxy retries with backoff")));

    /** The row for {@code code}, or a generic row pointing at Microsoft's error lookup. */
    public static Hint of(int code) {
        Hint h = BY_CODE.get(code);
        return h != null
                ? h
                : new Hint(
                        "Entra refused the token request",
                        "look the code up at https://login.microsoftonline.com/error?code=" + code);
    }

    /** Whether the table has a row of its own for {@code code}. */
    public static boolean known(int code) {
        return BY_CODE.containsKey(code);
    }
}
