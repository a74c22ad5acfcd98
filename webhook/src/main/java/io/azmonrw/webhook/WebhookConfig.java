package io.azmonrw.webhook;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.common.config.Cloud;
import io.azmonrw.common.config.EnvReader;
import io.azmonrw.common.config.IngestionUrl;
import io.azmonrw.common.config.Quantity;
import io.azmonrw.common.service.ServiceLauncher.ServiceConfig;
import io.azmonrw.webhook.mutation.ExtraEnv;
import io.azmonrw.webhook.mutation.ProxyExtras;
import io.azmonrw.webhook.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The webhook's immutable configuration, read once at startup from the environment (docs/design.md, Webhook environment).
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
        boolean proxyImageConfigured,
        Optional<String> podName,
        Optional<String> cluster,
        List<EnvVar> proxyExtraEnv,
        Optional<String> proxyCaBundleConfigMap,
        String proxyCaBundleKey,
        HealMode healMode,
        int healRate,
        Duration healMinAge)
        implements ServiceConfig {

    /** The release image of this build's version: used when PROXY_IMAGE is unset and the own image cannot be read. */
    public static final String DEFAULT_PROXY_IMAGE = ProxyImage.releaseImage();

    public static final String DEFAULT_CERT_SECRET_NAME = "azmon-rw-webhook-tls";
    public static final String DEFAULT_WEBHOOK_CONFIG_NAME = "azmon-rw-webhook";

    /** Where the serving certificate comes from. */
    public enum CertMode {
        FILES,
        SELF_MANAGED
    }

    /** How the proxy is injected; AUTO asks the cluster (native only when the API server and every kubelet are 1.29+). */
    public enum SidecarMode {
        AUTO,
        NATIVE,
        CONTAINER
    }

    /** What the reconciler does with pods that missed the proxy: nothing, gauges and Events, or also evict them. */
    public enum HealMode {
        OFF,
        REPORT,
        EVICT
    }

    public WebhookConfig {
        excludedNamespaces = Set.copyOf(excludedNamespaces);
        proxyExtraEnv = ExtraEnv.redacted(proxyExtraEnv);
    }

    /** This config with the proxy image found at start-up (see {@link ProxyImage}). */
    public WebhookConfig withProxyImage(String image) {
        return new WebhookConfig(
                webhookPort,
                managementPort,
                tlsCertFile,
                tlsKeyFile,
                certMode,
                certSecretName,
                webhookConfigName,
                podNamespace,
                ingestionUrl,
                image,
                proxyPort,
                defaultClientId,
                defaultTenantId,
                cloud,
                authorityHost,
                ingestionAadAudience,
                proxyCpuRequest,
                proxyCpuLimit,
                proxyMemoryRequest,
                proxyMemoryLimit,
                sidecarMode,
                prometheusPodSelector,
                excludedNamespaces,
                apiTimeout,
                true,
                podName,
                cluster,
                proxyExtraEnv,
                proxyCaBundleConfigMap,
                proxyCaBundleKey,
                healMode,
                healRate,
                healMinAge);
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
            r.problem(
                    WebhookEnv.POD_NAMESPACE,
                    "is required with CERT_MODE=self-managed (set it from metadata.namespace)");
        }
        Optional<URI> ingestionUrl = ingestionUrl(r);
        Optional<String> configuredImage = notPlaceholder(r, WebhookEnv.PROXY_IMAGE);
        String image = configuredImage.orElse(DEFAULT_PROXY_IMAGE);
        int proxyPort = r.integer(WebhookEnv.PROXY_PORT, Injection.DEFAULT_PROXY_PORT, 1, 65535);
        Optional<String> clientId = notPlaceholder(r, WebhookEnv.DEFAULT_CLIENT_ID);
        Optional<String> tenantId = notPlaceholder(r, WebhookEnv.DEFAULT_TENANT_ID);
        Cloud cloud = r.enumValue(WebhookEnv.CLOUD, Cloud.class, Cloud.AZUREPUBLIC);
        URI authority = r.url(WebhookEnv.AZURE_AUTHORITY_HOST, null, false, Set.of("https"));
        String authorityHost;
        if (authority != null) {
            authorityHost = authority.toString();
        } else if (cloud.authorityHost() != null) {
            authorityHost = cloud.authorityHost();
        } else {
            r.problem(WebhookEnv.AZURE_AUTHORITY_HOST, "is required with CLOUD=AZURECUSTOM");
            authorityHost = Cloud.AZUREPUBLIC.authorityHost();
        }
        Optional<String> audience = r.optional(WebhookEnv.INGESTION_AAD_AUDIENCE);
        if (cloud == Cloud.AZURECUSTOM && audience.isEmpty()) {
            r.problem(WebhookEnv.INGESTION_AAD_AUDIENCE, "is required with CLOUD=AZURECUSTOM");
        }
        Quantity cpuReq = r.quantity(WebhookEnv.PROXY_CPU_REQUEST, Injection.DEFAULT_CPU_REQUEST);
        Quantity cpuLim = r.quantity(WebhookEnv.PROXY_CPU_LIMIT, Injection.DEFAULT_CPU_LIMIT);
        Quantity memReq = r.quantity(WebhookEnv.PROXY_MEMORY_REQUEST, Injection.DEFAULT_MEMORY_REQUEST);
        Quantity memLim = r.quantity(WebhookEnv.PROXY_MEMORY_LIMIT, Injection.DEFAULT_MEMORY_LIMIT);
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
        excluded.addAll(r.list(WebhookEnv.EXCLUDED_NAMESPACES, List.of()));
        podNamespace.ifPresent(excluded::add);
        Duration timeout = r.duration(
                WebhookEnv.API_TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30));
        Optional<String> podName = r.optional(WebhookEnv.POD_NAME);
        Optional<String> cluster = notPlaceholder(r, WebhookEnv.CLUSTER);
        List<EnvVar> extraEnv = List.of();
        Optional<String> extraJson = r.optional(WebhookEnv.PROXY_EXTRA_ENV);
        if (extraJson.isPresent()) {
            try {
                extraEnv = ExtraEnv.parse(extraJson.get());
            } catch (IllegalArgumentException e) {
                r.problem(WebhookEnv.PROXY_EXTRA_ENV, e.getMessage());
            }
        }
        Optional<String> caConfigMap = r.optional(WebhookEnv.PROXY_CA_BUNDLE_CONFIGMAP);
        if (caConfigMap.isPresent() && !DNS_SUBDOMAIN.matcher(caConfigMap.get()).matches()) {
            r.problem(
                    WebhookEnv.PROXY_CA_BUNDLE_CONFIGMAP,
                    "'" + caConfigMap.get() + "' is not a ConfigMap name (lower-case DNS subdomain)");
        }
        String caKey = r.string(WebhookEnv.PROXY_CA_BUNDLE_KEY, ProxyExtras.DEFAULT_CA_BUNDLE_KEY);
        if (!CONFIG_MAP_KEY.matcher(caKey).matches()) {
            r.problem(
                    WebhookEnv.PROXY_CA_BUNDLE_KEY,
                    "'" + caKey + "' is not a ConfigMap key (letters, digits, '-', '_', '.')");
        }
        HealMode healMode = r.enumValue(WebhookEnv.HEAL_MODE, HealMode.class, HealMode.REPORT);
        int healRate = r.integer(WebhookEnv.HEAL_RATE, 1, 1, 600);
        Duration healMinAge =
                r.duration(WebhookEnv.HEAL_MIN_AGE, Duration.ofMinutes(2), Duration.ZERO, Duration.ofDays(7));
        r.done();
        return new WebhookConfig(
                port,
                mgmt,
                cert,
                key,
                certMode,
                secretName,
                configName,
                podNamespace,
                ingestionUrl,
                image,
                proxyPort,
                clientId,
                tenantId,
                cloud,
                authorityHost,
                audience,
                cpuReq,
                cpuLim,
                memReq,
                memLim,
                sidecarMode,
                selector,
                excluded,
                timeout,
                configuredImage.isPresent(),
                podName,
                cluster,
                extraEnv,
                caConfigMap,
                caKey,
                healMode,
                healRate,
                healMinAge);
    }

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("(?=.{1,253}$)[-._a-zA-Z0-9]+");

    /**
     * Unset is allowed (each pod or namespace then carries the annotation); a value must have the Azure Monitor shape
     * (common's IngestionUrl), so that a placeholder or a DCE URL without its path stops the webhook at start-up rather
     * than every proxy at runtime. Plain http only for a loopback host (the stand-ins of the tests and the demo).
     */
    private static Optional<URI> ingestionUrl(EnvReader r) {
        if (notPlaceholder(r, WebhookEnv.INGESTION_URL).isEmpty()) {
            return Optional.empty();
        }
        URI url = r.url(WebhookEnv.INGESTION_URL, null, false, Set.of("https", "http"));
        if (url == null) {
            return Optional.empty();
        }
        boolean loopback = "localhost".equalsIgnoreCase(url.getHost())
                || "127.0.0.1".equals(url.getHost())
                || "[::1]".equals(url.getHost());
        Optional<String> problem = IngestionUrl.problem(url, loopback);
        problem.ifPresent(p -> r.problem(WebhookEnv.INGESTION_URL, p));
        return problem.isEmpty() ? Optional.of(url) : Optional.empty();
    }

    /** The value, unless it still holds an example's {@code <placeholder>}: then one problem naming the key. */
    private static Optional<String> notPlaceholder(EnvReader r, String key) {
        Optional<String> v = r.optional(key);
        if (v.isPresent() && Placeholders.is(v.get())) {
            r.problem(key, "still holds the placeholder '" + v.get() + "': put your own value there");
            return Optional.empty();
        }
        return v;
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
