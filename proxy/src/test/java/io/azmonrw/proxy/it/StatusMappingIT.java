package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per row of docs/design.md, Status mapping, through the real proxy to a scripted ingestion fake. */
class StatusMappingIT {
    private IngestionStandIn ingestion;
    private ProxyHarness proxy;
    private final AtomicInteger tokenCalls = new AtomicInteger();

    private ProxyHarness start(Map<String, String> extra) throws Exception {
        ingestion = IngestionStandIn.startPlainHttp();
        Map<String, String> env = ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test"));
        env.putAll(extra);
        proxy = new ProxyHarness(env, ProxyHarness.counting(tokenCalls));
        return proxy;
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (ingestion != null) {
            ingestion.close();
        }
    }

    private HttpResponse<String> writeAfterScript(int... statuses) throws Exception {
        return writeAfter(() -> {
            for (int status : statuses) {
                ingestion.enqueue(status, Map.of());
            }
        });
    }

    private HttpResponse<String> writeAfter(Runnable script) throws Exception {
        script.run();
        return proxy.write(Payloads.rw1(2, 2, 0));
    }

    @Test
    void upstream2xxIsPassedOn() throws Exception {
        start(Map.of());
        assertThat(writeAfterScript(200).statusCode()).isEqualTo(200);
        assertThat(writeAfterScript(204).statusCode()).isEqualTo(204);
    }

    @Test
    void upstream429Becomes503WithRetryAfter() throws Exception {
        start(Map.of());
        HttpResponse<String> r = writeAfter(() -> ingestion.enqueue(429, Map.of("Retry-After", "7")));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(r.body()).contains("throttled");
    }

    @Test
    void upstream429PassesThroughWhenThrottledStatusIs429() throws Exception {
        start(Map.of("THROTTLED_STATUS", "429"));
        HttpResponse<String> r = writeAfter(() -> ingestion.enqueue(429, Map.of("Retry-After", "3")));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
    }

    @Test
    void upstream5xxIs5xx() throws Exception {
        start(Map.of());
        assertThat(writeAfterScript(500).statusCode()).isEqualTo(500);
        HttpResponse<String> r = writeAfter(() -> ingestion.enqueue(503, Map.of("Retry-After", "11")));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("11");
    }

    @Test
    void upstreamTimeoutIs504() throws Exception {
        start(Map.of("UPSTREAM_TIMEOUT", "1s"));
        assertThat(writeAfter(ingestion::enqueueNoAnswer).statusCode()).isEqualTo(504);
    }

    @Test
    void connectionErrorIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ingestion = IngestionStandIn.startPlainHttp();
        Map<String, String> env = ProxyHarness.insecure(
                "http://127.0.0.1:" + closedPort
                        + "/dataCollectionRules/dcr-test/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24");
        proxy = new ProxyHarness(env, ProxyHarness.counting(tokenCalls));
        HttpResponse<String> r = proxy.write(Payloads.rw1(1, 1, 0));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("upstream_unreachable");
    }

    @Test
    void upstream401TwiceIs503AfterOneRetryWithAFreshToken() throws Exception {
        start(Map.of());
        HttpResponse<String> r = writeAfterScript(401, 401);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(ingestion.requests()).hasSize(2);
        assertThat(tokenCalls.get()).isEqualTo(2);
    }

    @Test
    void upstream403Is503ByDefault() throws Exception {
        start(Map.of());
        assertThat(writeAfterScript(403).statusCode()).isEqualTo(503);
    }

    @Test
    void upstream403PassesThroughWhenNotRetryable() throws Exception {
        start(Map.of("FORBIDDEN_AS_RETRYABLE", "false"));
        assertThat(writeAfterScript(403).statusCode()).isEqualTo(403);
    }

    @Test
    void otherUpstream4xxIsPassedOn() throws Exception {
        start(Map.of());
        HttpResponse<String> r = writeAfterScript(400);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("scripted answer 400");
        assertThat(writeAfterScript(422).statusCode()).isEqualTo(422);
        assertThat(proxy.metric("azmon_rw_proxy_samples_total{result=\"failed\"}"))
                .isEqualTo(8);
    }

    @Test
    void upstream404Becomes503WithRetryAfterNamingTheRuleAndStream() throws Exception {
        start(Map.of());
        HttpResponse<String> r = writeAfterScript(404);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        // the rule and stream of the stand-in's ingestionUrl("dcr-test"), read back from the URL
        assertThat(r.body())
                .contains("upstream_not_found")
                .contains("data collection rule dcr-test")
                .contains("stream Microsoft-PrometheusMetrics")
                .contains("INGESTION_URL");
        assertThat(proxy.metric("azmon_rw_proxy_requests_total{outcome=\"upstream_not_found\",status=\"503\"}"))
                .isEqualTo(1);
        JsonObject upstream = new JsonObject(proxy.get("/ready").body()).getJsonObject("upstream");
        assertThat(upstream.getInteger("status")).isEqualTo(404);
        assertThat(upstream.getString("reason")).isEqualTo("upstream_not_found");
        assertThat(upstream.getString("time")).isNotBlank();
        assertThat(writeAfterScript(204).statusCode()).isEqualTo(204);
        assertThat(new JsonObject(proxy.get("/ready").body())
                        .getJsonObject("upstream")
                        .getInteger("status"))
                .isEqualTo(204);
    }

    @Test
    void readyShowsNoUpstreamOutcomeBeforeTheFirstWrite() throws Exception {
        start(Map.of());
        JsonObject ready = new JsonObject(proxy.get("/ready").body());
        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getJsonArray("checks")).isNotEmpty();
        assertThat(ready.getJsonObject("upstream").getInteger("status")).isEqualTo(0);
    }

    @Test
    void noTokenObtainableIs503WithTheReasonAndReadyStays200() throws Exception {
        ingestion = IngestionStandIn.startPlainHttp();
        proxy = new ProxyHarness(ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test")), () -> {
            throw new IllegalStateException("AADSTS700016: application not found");
        });
        HttpResponse<String> r = proxy.write(Payloads.rw1(1, 1, 0));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("token_unavailable").contains("AADSTS700016");
        assertThat(ingestion.requests()).isEmpty();
        HttpResponse<String> ready = proxy.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("AADSTS700016");
        assertThat(proxy.metric("azmon_rw_proxy_token_failures_total{reason=\"other\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void remoteWrite2IsAnswered415WithWhyUnlessForwardingIsConfigured() throws Exception {
        start(Map.of());
        HttpResponse<String> r = proxy.write(
                Payloads.rw2(2, 3, 0), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body())
                .contains("remote write 2.0 is not forwarded")
                .contains("UPSTREAM_RW2")
                .contains("remote write 1.0");
        assertThat(ingestion.requests()).isEmpty();
        assertThat(proxy.write(Payloads.rw1(2, 2, 0)).statusCode()).isEqualTo(204);
    }

    @Test
    void remoteWrite2IsForwardedWhenConfigured() throws Exception {
        start(Map.of("UPSTREAM_RW2", "forward"));
        HttpResponse<String> r = proxy.write(
                Payloads.rw2(2, 3, 0), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(ingestion.requests()).hasSize(1);
    }
}
