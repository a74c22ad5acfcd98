package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write path against a plain-HTTP ingestion fake and a fake identity: forwarding, headers, counting, 401 retry. */
class WritePathIT {
    private IngestionStandIn ingestion;
    private ProxyHarness proxy;
    private final AtomicInteger tokenCalls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        ingestion = IngestionStandIn.startPlainHttp();
        Map<String, String> env = ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test"));
        // remote write 2.0 pass-through is tested here; the default (reject) in StatusMappingIT
        env.put("UPSTREAM_RW2", "forward");
        proxy = new ProxyHarness(env, ProxyHarness.counting(tokenCalls));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        ingestion.close();
    }

    @Test
    void forwardsOriginalBytesWithBearerTokenAndHeaders() throws Exception {
        byte[] body = Payloads.rw1(3, 4, 1_700_000_000_000L);
        HttpResponse<String> r = proxy.write(body);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(ingestion.requests()).hasSize(1);
        IngestionStandIn.Request got = ingestion.requests().get(0);
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.headers())
                .containsEntry("authorization", "Bearer tok-1")
                .containsEntry("content-encoding", "snappy")
                .containsEntry("content-type", "application/x-protobuf")
                .containsEntry("x-prometheus-remote-write-version", "0.1.0");
        assertThat(got.headers().get("user-agent")).startsWith("azmon-rw-proxy/");
        // 3 series x 4 samples, counted by construction
        assertThat(proxy.metric("azmon_rw_proxy_samples_total{result=\"forwarded\"}"))
                .isEqualTo(12);
        assertThat(proxy.metric("azmon_rw_proxy_series_total{result=\"forwarded\"}"))
                .isEqualTo(3);
        assertThat(proxy.metric("azmon_rw_proxy_requests_total{outcome=\"ok\",status=\"204\"}"))
                .isEqualTo(1);
    }

    @Test
    void reusesTheCachedTokenAcrossRequests() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(proxy.write(Payloads.rw1(1, 1, 1000L * i)).statusCode()).isEqualTo(204);
        }
        assertThat(tokenCalls.get()).isEqualTo(1);
        assertThat(ingestion.requests())
                .allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer tok-1"));
    }

    @Test
    void unauthorizedThenSuccessRetriesOnceWithAFreshToken() throws Exception {
        ingestion.enqueue(401, Map.of());
        HttpResponse<String> r = proxy.write(Payloads.rw1(1, 2, 0));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(ingestion.requests()).hasSize(2);
        assertThat(ingestion.requests().get(0).headers()).containsEntry("authorization", "Bearer tok-1");
        assertThat(ingestion.requests().get(1).headers()).containsEntry("authorization", "Bearer tok-2");
        assertThat(ingestion.requests().get(1).body())
                .isEqualTo(ingestion.requests().get(0).body());
    }

    @Test
    void passesRemoteWrite2ResponseHeadersBack() throws Exception {
        ingestion.enqueue(204, Map.of("X-Prometheus-Remote-Write-Samples-Written", "2"));
        HttpResponse<String> r = proxy.write(
                Payloads.rw2(2, 3, 0), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written"))
                .hasValue("2");
        assertThat(ingestion.requests().get(0).headers())
                .containsEntry("x-prometheus-remote-write-version", "2.0.0")
                .containsEntry("content-type", "application/x-protobuf;proto=io.prometheus.write.v2.Request");
        assertThat(proxy.metric("azmon_rw_proxy_samples_total{result=\"forwarded\"}"))
                .isEqualTo(6);
    }

    @Test
    void healthReadyAndMetricsAnswer() throws Exception {
        assertThat(proxy.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = proxy.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("token");
        HttpResponse<String> metrics = proxy.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("azmon_rw_proxy_build_info")
                .contains("azmon_rw_proxy_token_expiry_seconds");
        assertThat(proxy.get("/nope").statusCode()).isEqualTo(404);
        assertThat(proxy.get("/api/v1/write").statusCode()).isEqualTo(405);
    }
}
