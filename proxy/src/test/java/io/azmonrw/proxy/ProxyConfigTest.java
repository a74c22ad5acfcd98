package io.azmonrw.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azmonrw.common.config.Cloud;
import io.azmonrw.common.config.ConfigException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> workload() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "projected-sa-token");
        Map<String, String> env = new HashMap<>();
        env.put(
                "INGESTION_URL",
                "https://dce.eastus-1.metrics.ingest.monitor.example/dataCollectionRules/dcr-1/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24");
        env.put("AZURE_CLIENT_ID", "11111111-1111-1111-1111-111111111111");
        env.put("AZURE_TENANT_ID", "22222222-2222-2222-2222-222222222222");
        env.put("AZURE_FEDERATED_TOKEN_FILE", token.toString());
        return env;
    }

    @Test
    void defaultsMatchTheDesign() throws Exception {
        // a 128 MiB heap (the image gives 30% of the container limit, so a limit of about 427Mi), on two cores
        ProxyConfig c = ProxyConfig.fromEnv(workload(), 128L * 1024 * 1024, 2);
        assertThat(c.listeningPort()).isEqualTo(8081);
        assertThat(c.listenAddresses()).isEmpty();
        assertThat(c.identityType()).isEqualTo(IdentityType.WORKLOAD_IDENTITY);
        assertThat(c.cloud()).isEqualTo(Cloud.AZUREPUBLIC);
        assertThat(c.authorityHost()).isEqualTo("https://login.microsoftonline.com/");
        assertThat(c.scope()).isEqualTo("https://monitor.azure.com//.default");
        assertThat(c.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(c.maxDecodedBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.maxInflightBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(c.decodeConcurrency()).isEqualTo(2);
        assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.throttledStatus()).isEqualTo(503);
        assertThat(c.forbiddenAsRetryable()).isTrue();
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.shutdownQuietPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.traceLogging()).isFalse();
        assertThat(c.httpsProxy()).isNull();
    }

    @Test
    void loopbackWritersByDefaultIncludingIpv4Mapped() throws Exception {
        ProxyConfig c = ProxyConfig.fromEnv(workload());
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress mapped = InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1});
        InetAddress other = InetAddress.getByName("10.1.2.3");
        assertThat(c.allowedWriters()).anyMatch(w -> w.contains(v4));
        assertThat(c.allowedWriters()).anyMatch(w -> w.contains(v6));
        assertThat(c.allowedWriters()).anyMatch(w -> w.contains(mapped));
        assertThat(c.allowedWriters()).noneMatch(w -> w.contains(other));
    }

    @Test
    void reportsEveryProblemInOneException() {
        Map<String, String> env = new HashMap<>();
        env.put("INGESTION_URL", "http://plain.example/write");
        env.put("IDENTITY_TYPE", "aadApplication");
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", dir.resolve("missing.pem").toString());
        env.put("CLOUD", "MARS");
        env.put("CA_BUNDLE_FILE", "/nonexistent/ca.pem");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("INGESTION_URL"))
                        .anyMatch(p -> p.startsWith("AZURE_CLIENT_ID"))
                        .anyMatch(p -> p.startsWith("AZURE_TENANT_ID"))
                        .anyMatch(p -> p.startsWith("AZURE_CLIENT_CERTIFICATE_PATH"))
                        .anyMatch(p -> p.startsWith("CLOUD"))
                        .anyMatch(p -> p.startsWith("CA_BUNDLE_FILE")));
    }

    @Test
    void unknownIdentityTypeAndMissingTokenFileAreReported() {
        assertThatThrownBy(() ->
                        ProxyConfig.fromEnv(Map.of("INGESTION_URL", "https://x.example/", "IDENTITY_TYPE", "password")))
                .hasMessageContaining("IDENTITY_TYPE");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(Map.of(
                        "INGESTION_URL",
                        "https://x.example/",
                        "AZURE_CLIENT_ID",
                        "c",
                        "AZURE_TENANT_ID",
                        "t",
                        "AZURE_FEDERATED_TOKEN_FILE",
                        "/nonexistent/token")))
                .hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(
                        Map.of("INGESTION_URL", "https://x.example/", "IDENTITY_TYPE", "userAssigned")))
                .hasMessageContaining("AZURE_CLIENT_ID");
    }

    @Test
    void plainHttpUpstreamOnlyWhenAllowed() {
        Map<String, String> env = Map.of(
                "INGESTION_URL",
                "http://127.0.0.1:9" + AZURE_PATH,
                "IDENTITY_TYPE",
                "systemAssigned",
                "ALLOW_INSECURE_UPSTREAM",
                "true");
        assertThat(ProxyConfig.fromEnv(env).ingestionUrl().getScheme()).isEqualTo("http");
    }

    @Test
    void authorityHostPrecedenceAndCloudAudiences() throws Exception {
        Map<String, String> env = workload();
        env.put("CLOUD", "AZUREGOVERNMENT");
        assertThat(ProxyConfig.fromEnv(env).authorityHost()).isEqualTo("https://login.microsoftonline.us/");
        assertThat(ProxyConfig.fromEnv(env).scope()).isEqualTo("https://monitor.azure.us//.default");
        env.put("CLOUD", "AZURECHINA");
        assertThat(ProxyConfig.fromEnv(env).scope()).isEqualTo("https://monitor.azure.cn//.default");
        env.put("AAD_HOST_ENDPOINT", "https://aad.example/");
        assertThat(ProxyConfig.fromEnv(env).authorityHost()).isEqualTo("https://aad.example/");
        env.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:4443/");
        assertThat(ProxyConfig.fromEnv(env).authorityHost()).isEqualTo("https://127.0.0.1:4443/");
        env.put("INGESTION_AAD_AUDIENCE", "https://monitor.example/");
        assertThat(ProxyConfig.fromEnv(env).scope()).isEqualTo("https://monitor.example//.default");
    }

    @Test
    void customCloudNeedsAuthorityAndAudience() throws Exception {
        Map<String, String> env = workload();
        env.put("CLOUD", "AZURECUSTOM");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env))
                .hasMessageContaining("AAD_HOST_ENDPOINT")
                .hasMessageContaining("INGESTION_AAD_AUDIENCE");
    }

    @Test
    void secretsAreHiddenInToString() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pfx"), "not really a pfx");
        Map<String, String> env = new HashMap<>();
        env.put("INGESTION_URL", "https://x.example" + AZURE_PATH);
        env.put("IDENTITY_TYPE", "aadApplication");
        env.put("AZURE_CLIENT_ID", "c");
        env.put("AZURE_TENANT_ID", "t");
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", cert.toString());
        env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", "pfx-s3cret-pw");
        env.put("HTTPS_PROXY", "http://proxyuser:proxy-s3cret-pw@proxy.example:3128");
        env.put("NO_PROXY", "localhost,.internal");
        ProxyConfig c = ProxyConfig.fromEnv(env);
        assertThat(c.clientCertificatePassword().reveal()).isEqualTo("pfx-s3cret-pw");
        assertThat(c.httpsProxy().password().reveal()).isEqualTo("proxy-s3cret-pw");
        assertThat(c.httpsProxy().host()).isEqualTo("proxy.example");
        assertThat(c.httpsProxy().port()).isEqualTo(3128);
        String text = c.toString();
        assertThat(text)
                .doesNotContain("pfx-s3cret-pw")
                .doesNotContain("proxy-s3cret-pw")
                .doesNotContain("proxyuser")
                .contains("proxy.example:3128");
    }

    @Test
    void badProxyUrlDoesNotEchoCredentials() {
        Map<String, String> env = Map.of(
                "INGESTION_URL",
                "https://x.example/",
                "IDENTITY_TYPE",
                "systemAssigned",
                "HTTPS_PROXY",
                "ftp://u:leak-me@proxy.example:21");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env))
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageNotContaining("leak-me");
    }

    @Test
    void localhostListensOnBothLoopbacks() throws Exception {
        Map<String, String> env = workload();
        env.put("LISTEN_ADDRESS", "localhost");
        assertThat(ProxyConfig.fromEnv(env).listenAddresses()).containsExactly("127.0.0.1", "::1");
    }

    @Test
    void idleTimeoutMustOutlastTheUpstreamTimeout() throws Exception {
        Map<String, String> env = workload();
        env.put("UPSTREAM_TIMEOUT", "60s");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env)).hasMessageContaining("IDLE_TIMEOUT");
        env.put("IDLE_TIMEOUT", "90s");
        assertThat(ProxyConfig.fromEnv(env).idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void throttledStatusIsOnly429Or503() throws Exception {
        Map<String, String> env = workload();
        env.put("THROTTLED_STATUS", "500");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env)).hasMessageContaining("THROTTLED_STATUS");
        env.put("THROTTLED_STATUS", "429");
        assertThat(ProxyConfig.fromEnv(env).throttledStatus()).isEqualTo(429);
    }

    private static final String AZURE_PATH =
            "/dataCollectionRules/dcr-1/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24";

    @Test
    void ingestionUrlOfAnotherShapeRefusesToStartShowingTheExpectedShape() throws Exception {
        String[] bad = {
            "https://dce.example",
            "https://dce.example/api/v1/write",
            "https://dce.example/dataCollectionRules/dcr-1/api/v1/write?api-version=2023-04-24",
            "https://dce.example/dataCollectionRules/dcr-1/streams/Microsoft-PrometheusMetrics/api/v1/write",
            "https://dce.example/dataCollectionRules/dcr-1/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=",
            "https://dce.example/dataCollectionRules//streams/s/api/v1/write?api-version=2023-04-24",
        };
        for (String url : bad) {
            Map<String, String> env = workload();
            env.put("INGESTION_URL", url);
            assertThatThrownBy(() -> ProxyConfig.fromEnv(env))
                    .as(url)
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems())
                            .singleElement()
                            .asString()
                            .startsWith("INGESTION_URL")
                            .contains(
                                    "/dataCollectionRules/<dcr-immutable-id>/streams/<stream>/api/v1/write?api-version=")
                            .contains("INGESTION_URL_CHECK=off"));
            env.put("INGESTION_URL_CHECK", "off");
            assertThat(ProxyConfig.fromEnv(env).ingestionUrl()).as(url).hasToString(url);
        }
    }

    @Test
    void plainHttpStandInsMustHaveTheAzureShapeToo() throws Exception {
        Map<String, String> env = workload();
        env.put("ALLOW_INSECURE_UPSTREAM", "true");
        env.put("INGESTION_URL", "http://127.0.0.1:9/api/v1/write");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env)).hasMessageContaining("INGESTION_URL");
        env.put("INGESTION_URL", "http://127.0.0.1:9" + AZURE_PATH);
        assertThat(ProxyConfig.fromEnv(env).ingestionUrlCheck()).isTrue();
    }

    @Test
    void checkAndRw2SettingsTakeOnlyTheirTwoValues() throws Exception {
        Map<String, String> env = workload();
        assertThat(ProxyConfig.fromEnv(env).forwardRw2()).isFalse();
        env.put("UPSTREAM_RW2", "forward");
        assertThat(ProxyConfig.fromEnv(env).forwardRw2()).isTrue();
        env.put("UPSTREAM_RW2", "yes");
        env.put("INGESTION_URL_CHECK", "maybe");
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env))
                .hasMessageContaining("UPSTREAM_RW2: must be reject or forward")
                .hasMessageContaining("INGESTION_URL_CHECK: must be on or off");
    }

    @Test
    void memoryLimitsDefaultToSharesOfTheHeap() throws Exception {
        long mib = 1024L * 1024;
        // 64 MiB heap, 4 cores: decoded 64/8 = 8 MiB, 64/4 / 8 = 2 decodes at once, in flight 64/4 = 16 MiB,
        // body min(32 MiB, 16 MiB); worst case 16 + 2 * 8 = 32 MiB = half the heap
        ProxyConfig small = ProxyConfig.fromEnv(workload(), 64 * mib, 4);
        assertThat(small.maxDecodedBytes()).isEqualTo(8 * mib);
        assertThat(small.decodeConcurrency()).isEqualTo(2);
        assertThat(small.maxInflightBytes()).isEqualTo(16 * mib);
        assertThat(small.maxBodyBytes()).isEqualTo(16 * mib);
        // 1 GiB heap, 1 core: one decode of 128 MiB, 256 MiB in flight, the 32 MiB body cap
        ProxyConfig big = ProxyConfig.fromEnv(workload(), 1024 * mib, 1);
        assertThat(big.decodeConcurrency()).isEqualTo(1);
        assertThat(big.maxDecodedBytes()).isEqualTo(128 * mib);
        assertThat(big.maxInflightBytes()).isEqualTo(256 * mib);
        assertThat(big.maxBodyBytes()).isEqualTo(32 * mib);
    }

    @Test
    void memoryLimitsAboveWhatTheHeapHoldsAreRefusedWithTheLargestSafeValue() throws Exception {
        long heap = 128L * 1024 * 1024;
        Map<String, String> env = workload();
        env.put("MAX_DECODED_BYTES", "256Mi");
        // heap/4 = 32 MiB
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env, heap, 2))
                .hasMessageContaining("MAX_DECODED_BYTES")
                .hasMessageContaining("134217728")
                .hasMessageContaining("33554432");
        env.remove("MAX_DECODED_BYTES");
        env.put("MAX_INFLIGHT_BYTES", "256Mi");
        // heap/2 - 2 decodes of 16 MiB = 32 MiB
        assertThatThrownBy(() -> ProxyConfig.fromEnv(env, heap, 2))
                .hasMessageContaining("MAX_INFLIGHT_BYTES")
                .hasMessageContaining("33554432");
        // one core: one decode of 16 MiB, so 48 MiB fit (the load that degraded properly in issue 16)
        env.put("MAX_INFLIGHT_BYTES", "48Mi");
        assertThat(ProxyConfig.fromEnv(env, heap, 1).maxInflightBytes()).isEqualTo(48L * 1024 * 1024);
    }
}
