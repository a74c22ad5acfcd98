package io.azmonrw.common.config;

/**
 * The Azure clouds that {@code CLOUD} names (docs/design.md, Webhook and Proxy environment), with their Entra authority
 * host and Azure Monitor token scope: the proxy uses both, the webhook and {@code inject} pass the authority host on.
 */
public enum Cloud {
    AZUREPUBLIC("https://login.microsoftonline.com/", "https://monitor.azure.com//.default"),
    AZUREGOVERNMENT("https://login.microsoftonline.us/", "https://monitor.azure.us//.default"),
    AZURECHINA("https://login.chinacloudapi.cn/", "https://monitor.azure.cn//.default"),
    /** Authority host and audience must be configured ({@code AZURE_AUTHORITY_HOST} or {@code AAD_HOST_ENDPOINT}, {@code INGESTION_AAD_AUDIENCE}). */
    AZURECUSTOM(null, null);

    private final String authorityHost;
    private final String scope;

    Cloud(String authorityHost, String scope) {
        this.authorityHost = authorityHost;
        this.scope = scope;
    }

    /** Null for {@link #AZURECUSTOM}. */
    public String authorityHost() {
        return authorityHost;
    }

    /** Null for {@link #AZURECUSTOM}. */
    public String scope() {
        return scope;
    }
}
