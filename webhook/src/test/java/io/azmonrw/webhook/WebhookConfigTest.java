package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azmonrw.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> files() throws Exception {
        return Map.of("TLS_CERT_FILE", Files.writeString(dir.resolve("c"), "c").toString(),
                "TLS_KEY_FILE", Files.writeString(dir.resolve("k"), "k").toString());
    }

    @Test
    void defaultsMatchDesignSectionThree() throws Exception {
        WebhookConfig c = WebhookConfig.fromEnv(files());
        assertThat(c.webhookPort()).isEqualTo(8443);
        assertThat(c.managementPort()).isEqualTo(9440);
        assertThat(c.proxyPort()).isEqualTo(8081);
        assertThat(c.certMode()).isEqualTo(WebhookConfig.CertMode.FILES);
        assertThat(c.sidecarMode()).isEqualTo(WebhookConfig.SidecarMode.AUTO);
        assertThat(c.apiTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.cloud()).isEqualTo(WebhookConfig.Cloud.AZUREPUBLIC);
        assertThat(c.authorityHost()).isEqualTo("https://login.microsoftonline.com/");
        assertThat(c.prometheusPodSelector().matches(Map.of("app.kubernetes.io/name", "prometheus-agent"))).isTrue();
        assertThat(c.prometheusPodSelector().matches(Map.of("app.kubernetes.io/name", "grafana"))).isFalse();
        assertThat(c.excludedNamespaces()).containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease");
        assertThat(c.ingestionUrl()).isEmpty();
        assertThat(c.defaultClientId()).isEmpty();
    }

    @Test
    void readsEveryVariable() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.putAll(Map.ofEntries(
                Map.entry("WEBHOOK_PORT", "9443"), Map.entry("MANAGEMENT_PORT", "9000"), Map.entry("CERT_MODE", "self-managed"),
                Map.entry("CERT_SECRET_NAME", "s"), Map.entry("WEBHOOK_CONFIG_NAME", "w"), Map.entry("POD_NAMESPACE", "azmon-rw"),
                Map.entry("INGESTION_URL", "https://i.example/w"), Map.entry("PROXY_IMAGE", "img:1"), Map.entry("PROXY_PORT", "18081"),
                Map.entry("DEFAULT_CLIENT_ID", "cid"), Map.entry("DEFAULT_TENANT_ID", "tid"), Map.entry("CLOUD", "AzureChina"),
                Map.entry("INGESTION_AAD_AUDIENCE", "https://monitor.azure.cn//.default"),
                Map.entry("PROXY_CPU_REQUEST", "100m"), Map.entry("PROXY_CPU_LIMIT", "1"), Map.entry("PROXY_MEMORY_REQUEST", "64Mi"),
                Map.entry("PROXY_MEMORY_LIMIT", "1Gi"), Map.entry("SIDECAR_MODE", "native"), Map.entry("PROMETHEUS_POD_SELECTOR", "app=prom"),
                Map.entry("EXCLUDED_NAMESPACES", "a, b"), Map.entry("API_TIMEOUT", "500ms")));
        WebhookConfig c = WebhookConfig.fromEnv(env);
        assertThat(c.webhookPort()).isEqualTo(9443);
        assertThat(c.managementPort()).isEqualTo(9000);
        assertThat(c.certMode()).isEqualTo(WebhookConfig.CertMode.SELF_MANAGED);
        assertThat(c.certSecretName()).isEqualTo("s");
        assertThat(c.webhookConfigName()).isEqualTo("w");
        assertThat(c.podNamespace()).contains("azmon-rw");
        assertThat(c.ingestionUrl().orElseThrow()).hasToString("https://i.example/w");
        assertThat(c.proxyImage()).isEqualTo("img:1");
        assertThat(c.proxyPort()).isEqualTo(18081);
        assertThat(c.defaultClientId()).contains("cid");
        assertThat(c.defaultTenantId()).contains("tid");
        assertThat(c.cloud()).isEqualTo(WebhookConfig.Cloud.AZURECHINA);
        assertThat(c.authorityHost()).isEqualTo("https://login.chinacloudapi.cn/");
        assertThat(c.ingestionAadAudience()).contains("https://monitor.azure.cn//.default");
        assertThat(c.proxyCpuRequest().text()).isEqualTo("100m");
        assertThat(c.proxyMemoryLimit().text()).isEqualTo("1Gi");
        assertThat(c.sidecarMode()).isEqualTo(WebhookConfig.SidecarMode.NATIVE);
        assertThat(c.prometheusPodSelector()).hasToString("app=prom");
        assertThat(c.excludedNamespaces()).containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease", "a", "b", "azmon-rw");
        assertThat(c.apiTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void reportsEveryProblemInOneException() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("WEBHOOK_PORT", "http"), Map.entry("CERT_MODE", "vault"), Map.entry("INGESTION_URL", "ftp://x"),
                Map.entry("PROXY_PORT", "0"), Map.entry("CLOUD", "mars"), Map.entry("PROXY_CPU_REQUEST", "two"),
                Map.entry("PROXY_MEMORY_REQUEST", "2Gi"), Map.entry("PROXY_MEMORY_LIMIT", "1Gi"), Map.entry("SIDECAR_MODE", "maybe"),
                Map.entry("PROMETHEUS_POD_SELECTOR", "app in (a"), Map.entry("API_TIMEOUT", "forever"));
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env)).isInstanceOf(ConfigException.class).satisfies(e -> {
            var problems = ((ConfigException) e).problems();
            assertThat(problems).anyMatch(p -> p.startsWith("WEBHOOK_PORT:"))
                    .anyMatch(p -> p.startsWith("CERT_MODE:"))
                    .anyMatch(p -> p.startsWith("TLS_CERT_FILE:"))
                    .anyMatch(p -> p.startsWith("TLS_KEY_FILE:"))
                    .anyMatch(p -> p.startsWith("INGESTION_URL:"))
                    .anyMatch(p -> p.startsWith("PROXY_PORT:"))
                    .anyMatch(p -> p.startsWith("CLOUD:"))
                    .anyMatch(p -> p.startsWith("PROXY_CPU_REQUEST:"))
                    .anyMatch(p -> p.startsWith("PROXY_MEMORY_REQUEST:") && p.contains("above"))
                    .anyMatch(p -> p.startsWith("SIDECAR_MODE:"))
                    .anyMatch(p -> p.startsWith("PROMETHEUS_POD_SELECTOR:"))
                    .anyMatch(p -> p.startsWith("API_TIMEOUT:"));
            assertThat(e.getMessage()).doesNotContain("\n");
        });
    }

    @Test
    void selfManagedCertificatesNeedThePodNamespaceAndCustomCloudNeedsItsEndpoints() {
        assertThatThrownBy(() -> WebhookConfig.fromEnv(Map.of("CERT_MODE", "self-managed", "CLOUD", "AZURECUSTOM")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3)
                        .anyMatch(p -> p.startsWith("POD_NAMESPACE:"))
                        .anyMatch(p -> p.startsWith("AZURE_AUTHORITY_HOST:"))
                        .anyMatch(p -> p.startsWith("INGESTION_AAD_AUDIENCE:")));
        WebhookConfig c = WebhookConfig.fromEnv(Map.of("CERT_MODE", "self-managed", "POD_NAMESPACE", "ns"));
        assertThat(c.tlsCertFile()).isNull();
    }

    @Test
    void toStringShowsTheConfigWithoutAnyCredential() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.put("DEFAULT_CLIENT_ID", "cid-123");
        // the webhook holds no credential: ids are identifiers, and toString is logged at startup
        assertThat(WebhookConfig.fromEnv(env).toString()).contains("cid-123").doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("secret=");
    }

    @Test
    void healSettingsDefaultToReportOnePerMinuteAndTwoMinutesAndBadOnesAreAllReported() throws Exception {
        WebhookConfig c = WebhookConfig.fromEnv(files());
        assertThat(c.healMode()).isEqualTo(WebhookConfig.HealMode.REPORT);
        assertThat(c.healRate()).isEqualTo(1);
        assertThat(c.healMinAge()).isEqualTo(Duration.ofMinutes(2));
        Map<String, String> env = new java.util.HashMap<>(files());
        env.putAll(Map.of("HEAL_MODE", "evict", "HEAL_RATE", "5", "HEAL_MIN_AGE", "10m"));
        WebhookConfig e = WebhookConfig.fromEnv(env);
        assertThat(e.healMode()).isEqualTo(WebhookConfig.HealMode.EVICT);
        assertThat(e.healRate()).isEqualTo(5);
        assertThat(e.healMinAge()).isEqualTo(Duration.ofMinutes(10));
        env.putAll(Map.of("HEAL_MODE", "delete", "HEAL_RATE", "0", "HEAL_MIN_AGE", "soon"));
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HEAL_MODE").hasMessageContaining("HEAL_RATE").hasMessageContaining("HEAL_MIN_AGE");
    }
}
