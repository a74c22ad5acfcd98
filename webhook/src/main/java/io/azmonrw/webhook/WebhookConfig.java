package io.azmonrw.webhook;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.common.config.EnvReader;
import io.azmonrw.common.config.Quantity;
import io.azmonrw.common.service.ServiceLauncher.ServiceConfig;
import io.azmonrw.webhook.selection.LabelSelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook's immutable configuration, read once at startup from the environment (design.md section 3).
 * Nothing in it is secret (client and tenant ids are identifiers, not credentials), so {@code toString()} shows all.
 */
public record WebhookConfig(
        int webhookPort,
        int managementPort,
        Path tlsCertFile,
        Path tlsKeyFile,
        CertMode certMode,
        String certSecretName,
        String webhookConfigName,
        Optional<String> podNamespace,
        Optional<URI> ingestionUrl,
        String proxyImage,
        int proxyPort,
        Optional<String> defaultClientId,
        Optional<String> defaultTenantId,
        Cloud cloud,
        String authorityHost,
        Optional<String> ingestionAadAudience,
        Quantity proxyCpuRequest,
        Quantity proxyCpuLimit,
        Quantity proxyMemoryRequest,
        Quantity proxyMemoryLimit,
        SidecarMode sidecarMode,
        LabelSelector prometheusPodSelector,
        Set<String> excludedNamespaces,
        Duration apiTimeout,
        HealMode healMode,
        int healRate,
        Duration healMinAge) implements ServiceConfig {

    /** Extra env var: the Entra authority host given to the proxy; required with CLOUD=AZURECUSTOM, otherwise from CLOUD. */
    public static final String AZURE_AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";
    public static final String DEFAULT_PROXY_IMAGE = "azmon-rw-proxy:latest";
    public static final String DEFAULT_CERT_SECRET_NAME = "azmon-rw-webhook-tls";
    public static final String DEFAULT_WEBHOOK_CONFIG_NAME = "azmon-rw-webhook";
    public static final String DEFAULT_CPU_REQUEST = "50m";
    public static final String DEFAULT_CPU_LIMIT = "500m";
    public static final String DEFAULT_MEMORY_REQUEST = "128Mi";
    public static final String DEFAULT_MEMORY_LIMIT = "256Mi";

    /** Where the serving certificate comes from. */
    public enum CertMode { FILES, SELF_MANAGED }

    /** How the proxy is injected; AUTO asks the cluster (native only when the API server and every kubelet are 1.29+). */
    public enum SidecarMode { AUTO, NATIVE, CONTAINER }

    /** What the reconciler does with pods that missed the proxy: nothing, gauges and Events, or also evict them. */
    public enum HealMode { OFF, REPORT, EVICT }

    /** Azure clouds, with the Entra authority host the proxy gets for each. */
    public enum Cloud {
        AZUREPUBLIC("https://login.microsoftonline.com/"),
        AZUREGOVERNMENT("https://login.microsoftonline.us/"),
        AZURECHINA("https://login.chinacloudapi.cn/"),
        AZURECUSTOM(null);

        private final String authorityHost;

        Cloud(String authorityHost) {
            this.authorityHost = authorityHost;
        }

        public String authorityHost() {
            return authorityHost;
        }
    }

    public WebhookConfig {
        excludedNamespaces = Set.copyOf(excludedNamespaces);
    }

    /** @throws io.azmonrw.common.config.ConfigException listing every missing or invalid key */
    public static WebhookConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        int port = r.integer(WebhookEnv.WEBHOOK_PORT, WebhookEnv.DEFAULT_WEBHOOK_PORT, 0, 65535);
        int mgmt = r.integer(WebhookEnv.MANAGEMENT_PORT, WebhookEnv.DEFAULT_MANAGEMENT_PORT, 0, 65535);
        CertMode certMode = r.enumValue(WebhookEnv.CERT_MODE, CertMode.class, CertMode.FILES);
        Path cert;
        Path key;
        if (certMode == CertMode.FILES) {
            cert = r.readableFile(WebhookEnv.TLS_CERT_FILE, true);
            key = r.readableFile(WebhookEnv.TLS_KEY_FILE, true);
        } else {
            // self-managed: the files are written by the webhook itself, so they need not exist yet
            cert = r.optional(WebhookEnv.TLS_CERT_FILE).map(Path::of).orElse(null);
            key = r.optional(WebhookEnv.TLS_KEY_FILE).map(Path::of).orElse(null);
        }
        String secretName = r.string(WebhookEnv.CERT_SECRET_NAME, DEFAULT_CERT_SECRET_NAME);
        String configName = r.string(WebhookEnv.WEBHOOK_CONFIG_NAME, DEFAULT_WEBHOOK_CONFIG_NAME);
        Optional<String> podNamespace = r.optional(WebhookEnv.POD_NAMESPACE);
        if (certMode == CertMode.SELF_MANAGED && podNamespace.isEmpty()) {
            r.problem(WebhookEnv.POD_NAMESPACE, "is required with CERT_MODE=self-managed (set it from metadata.namespace)");
        }
        Optional<URI> ingestionUrl = Optional.ofNullable(r.url(WebhookEnv.INGESTION_URL, null, false, Set.of("https", "http")));
        String image = r.string(WebhookEnv.PROXY_IMAGE, DEFAULT_PROXY_IMAGE);
        int proxyPort = r.integer(WebhookEnv.PROXY_PORT, Injection.DEFAULT_PROXY_PORT, 1, 65535);
        Optional<String> clientId = r.optional(WebhookEnv.DEFAULT_CLIENT_ID);
        Optional<String> tenantId = r.optional(WebhookEnv.DEFAULT_TENANT_ID);
        Cloud cloud = r.enumValue(WebhookEnv.CLOUD, Cloud.class, Cloud.AZUREPUBLIC);
        URI authority = r.url(AZURE_AUTHORITY_HOST, null, false, Set.of("https"));
        String authorityHost;
        if (authority != null) {
            authorityHost = authority.toString();
        } else if (cloud.authorityHost() != null) {
            authorityHost = cloud.authorityHost();
        } else {
            r.problem(AZURE_AUTHORITY_HOST, "is required with CLOUD=AZURECUSTOM");
            authorityHost = Cloud.AZUREPUBLIC.authorityHost();
        }
        Optional<String> audience = r.optional(WebhookEnv.INGESTION_AAD_AUDIENCE);
        if (cloud == Cloud.AZURECUSTOM && audience.isEmpty()) {
            r.problem(WebhookEnv.INGESTION_AAD_AUDIENCE, "is required with CLOUD=AZURECUSTOM");
        }
        Quantity cpuReq = r.quantity(WebhookEnv.PROXY_CPU_REQUEST, DEFAULT_CPU_REQUEST);
        Quantity cpuLim = r.quantity(WebhookEnv.PROXY_CPU_LIMIT, DEFAULT_CPU_LIMIT);
        Quantity memReq = r.quantity(WebhookEnv.PROXY_MEMORY_REQUEST, DEFAULT_MEMORY_REQUEST);
        Quantity memLim = r.quantity(WebhookEnv.PROXY_MEMORY_LIMIT, DEFAULT_MEMORY_LIMIT);
        if (cpuReq.value().compareTo(cpuLim.value()) > 0) {
            r.problem(WebhookEnv.PROXY_CPU_REQUEST, "'" + cpuReq + "' is above PROXY_CPU_LIMIT '" + cpuLim + "'");
        }
        if (memReq.value().compareTo(memLim.value()) > 0) {
            r.problem(WebhookEnv.PROXY_MEMORY_REQUEST, "'" + memReq + "' is above PROXY_MEMORY_LIMIT '" + memLim + "'");
        }
        SidecarMode sidecarMode = r.enumValue(WebhookEnv.SIDECAR_MODE, SidecarMode.class, SidecarMode.AUTO);
        LabelSelector selector;
        String selectorText = r.string(WebhookEnv.PROMETHEUS_POD_SELECTOR, Keys.DEFAULT_PROMETHEUS_POD_SELECTOR);
        try {
            selector = LabelSelector.parse(selectorText);
        } catch (IllegalArgumentException e) {
            r.problem(WebhookEnv.PROMETHEUS_POD_SELECTOR, e.getMessage());
            selector = LabelSelector.parse(Keys.DEFAULT_PROMETHEUS_POD_SELECTOR);
        }
        Set<String> excluded = new LinkedHashSet<>(Keys.ALWAYS_EXCLUDED_NAMESPACES);
        excluded.addAll(r.list(WebhookEnv.EXCLUDED_NAMESPACES, java.util.List.of()));
        podNamespace.ifPresent(excluded::add);
        Duration timeout = r.duration(WebhookEnv.API_TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30));
        HealMode healMode = r.enumValue(WebhookEnv.HEAL_MODE, HealMode.class, HealMode.REPORT);
        int healRate = r.integer(WebhookEnv.HEAL_RATE, 1, 1, 600);
        Duration healMinAge = r.duration(WebhookEnv.HEAL_MIN_AGE, Duration.ofMinutes(2), Duration.ZERO, Duration.ofDays(7));
        r.done();
        return new WebhookConfig(port, mgmt, cert, key, certMode, secretName, configName, podNamespace, ingestionUrl,
                image, proxyPort, clientId, tenantId, cloud, authorityHost, audience, cpuReq, cpuLim, memReq, memLim,
                sidecarMode, selector, excluded, timeout, healMode, healRate, healMinAge);
    }

    @Override
    public Map<String, String> metricTags() {
        return Map.of();
    }

    @Override
    public Duration shutdownTimeout() {
        return Duration.ofSeconds(10);
    }
}
