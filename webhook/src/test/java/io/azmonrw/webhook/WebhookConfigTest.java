package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azmonrw.common.config.Cloud;
import io.azmonrw.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> files() throws Exception {
        return Map.of(
                "TLS_CERT_FILE",
                Files.writeString(dir.resolve("c"), "c").toString(),
                "TLS_KEY_FILE",
                Files.writeString(dir.resolve("k"), "k").toString());
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
        assertThat(c.cloud()).isEqualTo(Cloud.AZUREPUBLIC);
        assertThat(c.authorityHost()).isEqualTo("https://login.microsoftonline.com/");
        assertThat(c.prometheusPodSelector().matches(Map.of("app.kubernetes.io/name", "prometheus-agent")))
                .isTrue();
        assertThat(c.prometheusPodSelector().matches(Map.of("app.kubernetes.io/name", "grafana")))
                .isFalse();
        assertThat(c.excludedNamespaces()).containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease");
        assertThat(c.ingestionUrl()).isEmpty();
        assertThat(c.defaultClientId()).isEmpty();
    }

    @Test
    void readsEveryVariable() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.putAll(Map.ofEntries(
                Map.entry("WEBHOOK_PORT", "9443"),
                Map.entry("MANAGEMENT_PORT", "9000"),
                Map.entry("CERT_MODE", "self-managed"),
                Map.entry("CERT_SECRET_NAME", "s"),
                Map.entry("WEBHOOK_CONFIG_NAME", "w"),
                Map.entry("POD_NAMESPACE", "azmon-rw"),
                Map.entry("INGESTION_URL", TestPods.INGESTION_URL),
                Map.entry("PROXY_IMAGE", "img:1"),
                Map.entry("PROXY_PORT", "18081"),
                Map.entry("DEFAULT_CLIENT_ID", "cid"),
                Map.entry("DEFAULT_TENANT_ID", "tid"),
                Map.entry("CLOUD", "AzureChina"),
                Map.entry("INGESTION_AAD_AUDIENCE", "https://monitor.azure.cn//.default"),
                Map.entry("PROXY_CPU_REQUEST", "100m"),
                Map.entry("PROXY_CPU_LIMIT", "1"),
                Map.entry("PROXY_MEMORY_REQUEST", "64Mi"),
                Map.entry("PROXY_MEMORY_LIMIT", "1Gi"),
                Map.entry("SIDECAR_MODE", "native"),
                Map.entry("PROMETHEUS_POD_SELECTOR", "app=prom"),
                Map.entry("EXCLUDED_NAMESPACES", "a, b"),
                Map.entry("API_TIMEOUT", "500ms")));
        WebhookConfig c = WebhookConfig.fromEnv(env);
        assertThat(c.webhookPort()).isEqualTo(9443);
        assertThat(c.managementPort()).isEqualTo(9000);
        assertThat(c.certMode()).isEqualTo(WebhookConfig.CertMode.SELF_MANAGED);
        assertThat(c.certSecretName()).isEqualTo("s");
        assertThat(c.webhookConfigName()).isEqualTo("w");
        assertThat(c.podNamespace()).contains("azmon-rw");
        assertThat(c.ingestionUrl().orElseThrow()).hasToString(TestPods.INGESTION_URL);
        assertThat(c.proxyImage()).isEqualTo("img:1");
        assertThat(c.proxyPort()).isEqualTo(18081);
        assertThat(c.defaultClientId()).contains("cid");
        assertThat(c.defaultTenantId()).contains("tid");
        assertThat(c.cloud()).isEqualTo(Cloud.AZURECHINA);
        assertThat(c.authorityHost()).isEqualTo("https://login.chinacloudapi.cn/");
        assertThat(c.ingestionAadAudience()).contains("https://monitor.azure.cn//.default");
        assertThat(c.proxyCpuRequest().text()).isEqualTo("100m");
        assertThat(c.proxyMemoryLimit().text()).isEqualTo("1Gi");
        assertThat(c.sidecarMode()).isEqualTo(WebhookConfig.SidecarMode.NATIVE);
        assertThat(c.prometheusPodSelector()).hasToString("app=prom");
        assertThat(c.excludedNamespaces())
                .containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease", "a", "b", "azmon-rw");
        assertThat(c.apiTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void readsTheProxyExtras() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.put("CLUSTER", "aks-prod-weu");
        env.put("PROXY_EXTRA_ENV", """
                [{"name": "HTTPS_PROXY", "value": "http://proxy.corp:3128"},
                 {"name": "NO_PROXY", "value": ".svc,.cluster.local"},
                 {"name": "LOG_FORMAT", "valueFrom": {"configMapKeyRef": {"name": "log", "key": "format"}}}]""");
        env.put("PROXY_CA_BUNDLE_CONFIGMAP", "corp-ca");
        WebhookConfig c = WebhookConfig.fromEnv(env);
        assertThat(c.cluster()).contains("aks-prod-weu");
        assertThat(c.proxyExtraEnv())
                .extracting(e -> e.getName())
                .containsExactly("HTTPS_PROXY", "NO_PROXY", "LOG_FORMAT");
        assertThat(c.proxyExtraEnv().get(0).getValue()).isEqualTo("http://proxy.corp:3128");
        assertThat(c.proxyExtraEnv().get(2).getValueFrom().getConfigMapKeyRef().getKey())
                .isEqualTo("format");
        assertThat(c.proxyCaBundleConfigMap()).contains("corp-ca");
        assertThat(c.proxyCaBundleKey()).isEqualTo("ca-bundle.crt");
        env.put("PROXY_CA_BUNDLE_KEY", "bundle.pem");
        assertThat(WebhookConfig.fromEnv(env).proxyCaBundleKey()).isEqualTo("bundle.pem");
    }

    @Test
    void withoutExtrasNothingIsAdded() throws Exception {
        WebhookConfig c = WebhookConfig.fromEnv(files());
        assertThat(c.cluster()).isEmpty();
        assertThat(c.proxyExtraEnv()).isEmpty();
        assertThat(c.proxyCaBundleConfigMap()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "not json",
                "{\"name\":\"A\",\"value\":\"b\"}",
                "[\"A=b\"]",
                "[{\"value\":\"b\"}]",
                "[{\"name\":\"A=B\",\"value\":\"b\"}]",
                "[{\"name\":\"A\",\"value\":1}]",
                "[{\"name\":\"A\",\"value\":\"b\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}]",
                "[{\"name\":\"A\",\"valueFrom\":{\"vaultRef\":{}}}]",
                "[{\"name\":\"A\",\"vaule\":\"typo\"}]",
                "[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"A\",\"value\":\"2\"}]",
                "[{\"name\":\"INGESTION_URL\",\"value\":\"https://x.example/\"}]",
                "[{\"name\":\"CA_BUNDLE_FILE\",\"value\":\"/x\"}]",
                "[{\"name\":\"AZURE_CLIENT_ID\",\"value\":\"x\"}]"
            })
    void refusesABadProxyExtraEnvWithOneLine(String json) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.put("PROXY_EXTRA_ENV", json);
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).problems())
                            .singleElement()
                            .satisfies(p -> assertThat(p).startsWith("PROXY_EXTRA_ENV:"));
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void refusesAnIngestionUrlThatIsNotAnAzureMonitorOneButAllowsItUnset() throws Exception {
        for (String bad : List.of(
                "https://my-dce.westeurope-1.metrics.ingest.monitor.example",
                "https://<your-dce>/dataCollectionRules/<dcr-id>/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24",
                "https://dce.example/dataCollectionRules/dcr-1/streams/s/api/v1/write",
                "http://dce.example/dataCollectionRules/dcr-1/streams/s/api/v1/write?api-version=2023-04-24")) {
            Map<String, String> env = new java.util.HashMap<>(files());
            env.put("INGESTION_URL", bad);
            assertThatThrownBy(() -> WebhookConfig.fromEnv(env))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems())
                            .singleElement()
                            .satisfies(p -> assertThat(p).startsWith("INGESTION_URL:")));
        }
        Map<String, String> loopback = new java.util.HashMap<>(files());
        loopback.put(
                "INGESTION_URL",
                "http://127.0.0.1:9/dataCollectionRules/dcr-1/streams/s/api/v1/write?api-version=2023-04-24");
        assertThat(WebhookConfig.fromEnv(loopback).ingestionUrl()).isPresent();
        assertThat(WebhookConfig.fromEnv(files()).ingestionUrl()).isEmpty();
    }

    @Test
    void refusesPlaceholdersLeftFromTheExampleInOneMessage() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.put("DEFAULT_TENANT_ID", "<your-tenant-id>");
        env.put("DEFAULT_CLIENT_ID", "00000000-0000-0000-0000-000000000000");
        env.put("CLUSTER", "<your-cluster-name>");
        env.put("PROXY_IMAGE", "<your-registry>/azmon-rw-proxy:0.1.0");
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .hasSize(4)
                        .anyMatch(p -> p.startsWith("DEFAULT_TENANT_ID:") && p.contains("placeholder"))
                        .anyMatch(p -> p.startsWith("DEFAULT_CLIENT_ID:"))
                        .anyMatch(p -> p.startsWith("CLUSTER:"))
                        .anyMatch(p -> p.startsWith("PROXY_IMAGE:")));
    }

    @Test
    void refusesABadCaBundleConfigMapOrKey() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(files());
        env.put("PROXY_CA_BUNDLE_CONFIGMAP", "Corp_CA");
        env.put("PROXY_CA_BUNDLE_KEY", "ca/bundle.crt");
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .hasSize(2)
                        .anyMatch(p -> p.startsWith("PROXY_CA_BUNDLE_CONFIGMAP:"))
                        .anyMatch(p -> p.startsWith("PROXY_CA_BUNDLE_KEY:")));
    }

    @Test
    void theDefaultProxyImageIsTheReleaseImageOfThisVersionNeverLatest() throws Exception {
        WebhookConfig c = WebhookConfig.fromEnv(files());
        assertThat(c.proxyImageConfigured()).isFalse();
        // "dev" when the classes run outside the jar, the POM version inside it
        assertThat(c.proxyImage())
                .isEqualTo("ghcr.io/azmon-rw/azmon-rw-proxy:"
                        + io.azmonrw.common.service.BuildInfo.version(WebhookConfig.class))
                .doesNotEndWith(":latest");
        Map<String, String> env = new java.util.HashMap<>(files());
        env.put("PROXY_IMAGE", "registry.example/azmon-rw-proxy:9.9.9");
        assertThat(WebhookConfig.fromEnv(env).proxyImageConfigured()).isTrue();
    }

    @Test
    void reportsEveryProblemInOneException() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("WEBHOOK_PORT", "http"),
                Map.entry("CERT_MODE", "vault"),
                Map.entry("INGESTION_URL", "ftp://x"),
                Map.entry("PROXY_PORT", "0"),
                Map.entry("CLOUD", "mars"),
                Map.entry("PROXY_CPU_REQUEST", "two"),
                Map.entry("PROXY_MEMORY_REQUEST", "2Gi"),
                Map.entry("PROXY_MEMORY_LIMIT", "1Gi"),
                Map.entry("SIDECAR_MODE", "maybe"),
                Map.entry("PROMETHEUS_POD_SELECTOR", "app in (a"),
                Map.entry("API_TIMEOUT", "forever"),
                Map.entry("PROXY_EXTRA_ENV", "[{\"name\":\"CLUSTER\",\"value\":\"x\"}]"),
                Map.entry("DEFAULT_TENANT_ID", "<your-tenant-id>"));
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    var problems = ((ConfigException) e).problems();
                    assertThat(problems)
                            .anyMatch(p -> p.startsWith("WEBHOOK_PORT:"))
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
                            .anyMatch(p -> p.startsWith("API_TIMEOUT:"))
                            .anyMatch(p -> p.startsWith("PROXY_EXTRA_ENV:"))
                            .anyMatch(p -> p.startsWith("DEFAULT_TENANT_ID:"));
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void selfManagedCertificatesNeedThePodNamespaceAndCustomCloudNeedsItsEndpoints() {
        assertThatThrownBy(() -> WebhookConfig.fromEnv(Map.of("CERT_MODE", "self-managed", "CLOUD", "AZURECUSTOM")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .hasSize(3)
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
        assertThat(WebhookConfig.fromEnv(env).toString())
                .contains("cid-123")
                .doesNotContainIgnoringCase("password")
                .doesNotContainIgnoringCase("secret=");
        // ... except what PROXY_EXTRA_ENV passes on: names only
        env.put(
                "PROXY_EXTRA_ENV",
                "[{\"name\":\"HTTPS_PROXY\",\"value\":\"http://user:proxy-s3cret@proxy.corp:3128\"}]");
        WebhookConfig c = WebhookConfig.fromEnv(env);
        assertThat(c.toString()).contains("HTTPS_PROXY").doesNotContain("proxy-s3cret");
        assertThat(c.proxyExtraEnv().get(0).getValue()).isEqualTo("http://user:proxy-s3cret@proxy.corp:3128");
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
        assertThatThrownBy(() -> WebhookConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HEAL_MODE")
                .hasMessageContaining("HEAL_RATE")
                .hasMessageContaining("HEAL_MIN_AGE");
    }
}
