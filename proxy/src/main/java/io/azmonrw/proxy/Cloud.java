package io.azmonrw.proxy;

/** The Azure clouds {@code CLOUD} names, with their Entra authority host and Azure Monitor token scope. */
public enum Cloud {
    AZUREPUBLIC("https://login.microsoftonline.com/", "https://monitor.azure.com//.default"),
    AZUREGOVERNMENT("https://login.microsoftonline.us/", "https://monitor.azure.us//.default"),
    AZURECHINA("https://login.chinacloudapi.cn/", "https://monitor.azure.cn//.default"),
    /** Authority host and audience must come from {@code AAD_HOST_ENDPOINT} and {@code INGESTION_AAD_AUDIENCE}. */
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
