package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.ManagedIdentityStandIn;
import io.azmonrw.testkit.StandIns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * systemAssigned and userAssigned managed identity: MSAL reads AZURE_POD_IDENTITY_AUTHORITY_HOST from the
 * process environment, so the proxy runs as a forked process configured by env vars alone.
 */
class ManagedIdentityIT {
    @RegisterExtension
    final StandInsFixture fixture = new StandInsFixture();

    private Map<String, String> env(String identityType) {
        Map<String, String> env = new HashMap<>();
        env.put("INGESTION_URL", fixture.standIns().ingestion().ingestionUrl(StandIns.DCR_ID));
        env.put(
                "CA_BUNDLE_FILE",
                fixture.standIns().ca().caPem().toAbsolutePath().toString());
        env.put("IDENTITY_TYPE", identityType);
        env.put("SHUTDOWN_QUIET_PERIOD", "0s");
        env.putAll(fixture.standIns().managedIdentity().imdsEnv());
        return env;
    }

    @Test
    void systemAssignedIdentity() throws Exception {
        ManagedIdentityStandIn mi = fixture.standIns().managedIdentity().expectClientId(null);
        try (ProxyProcess proxy = new ProxyProcess(env("systemAssigned"), List.of())) {
            assertThat(write(proxy.port(Duration.ofSeconds(90)))).isEqualTo(204);
            assertThat(mi.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.clientId()).isNull();
                assertThat(r.resource()).isEqualTo(StandIns.RESOURCE);
            });
            assertThat(fixture.standIns().ingestion().acceptedSamples()).isEqualTo(2);
        }
    }

    @Test
    void userAssignedIdentity() throws Exception {
        String clientId = "00000000-0000-4000-8000-0000000005e4";
        ManagedIdentityStandIn mi = fixture.standIns().managedIdentity().expectClientId(clientId);
        Map<String, String> env = env("userAssigned");
        env.put("AZURE_CLIENT_ID", clientId);
        try (ProxyProcess proxy = new ProxyProcess(env, List.of())) {
            assertThat(write(proxy.port(Duration.ofSeconds(90)))).isEqualTo(204);
            assertThat(mi.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.clientId()).isEqualTo(clientId));
            assertThat(fixture.standIns().ingestion().acceptedSamples()).isEqualTo(2);
        }
    }

    @Test
    void unreachableManagedIdentityEndpointIsOneActionableLineInReadyAndMetrics() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> env = env("systemAssigned");
        env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:" + closed);
        try (ProxyProcess proxy = new ProxyProcess(env, List.of())) {
            int port = proxy.port(Duration.ofSeconds(90));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String detail = "";
            long end = System.currentTimeMillis() + 90_000;
            // "no valid token; last error: not fetched yet" until the first fetch has failed
            while ((!detail.contains("last error") || detail.contains("not fetched yet"))
                    && System.currentTimeMillis() < end) {
                Thread.sleep(500);
                String body = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                detail = new io.vertx.core.json.JsonObject(body)
                        .getJsonArray("checks").stream()
                                .map(io.vertx.core.json.JsonObject.class::cast)
                                .filter(c -> c.getString("name").equals("token"))
                                .findFirst()
                                .orElseThrow()
                                .getString("detail");
            }
            assertThat(detail)
                    .contains("managed identity endpoint")
                    .contains("not available")
                    .contains("Fix: ")
                    .doesNotContain("Exception");
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains("azmon_rw_proxy_token_failures_total{reason=\"managed_identity_unavailable\"}");
        }
    }

    static int write(int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.rw1(1, 2, System.currentTimeMillis())))
                .build();
        HttpResponse<String> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
