package io.azmonrw.webhook.server;

import static io.azmonrw.webhook.server.WebhookTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.WebhookVerticle;
import io.azmonrw.webhook.tls.TestCerts;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An API server that accepts connections and never answers: admission still answers, on the warning path, within API_TIMEOUT. */
class UnreachableApiIT {

    @Test
    void hangingApiServerGivesTheWarningPathWithinApiTimeout(@TempDir Path dir) throws Exception {
        // the kernel completes TCP handshakes into the backlog; nobody ever reads: a hung API server
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Config base = new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + silent.getLocalPort())
                    .withTrustCerts(true)
                    .withNamespace("default")
                    .build();
            TestCerts.Issued cert = TestCerts.ec("unreachable");
            TestCerts.writePlain(cert, dir.resolve("tls.crt"), dir.resolve("tls.key"));
            try (RunningWebhook running = RunningWebhook.start(
                    env(
                            dir.resolve("tls.crt").toString(),
                            dir.resolve("tls.key").toString(),
                            "1s"),
                    base)) {
                WebhookVerticle verticle = running.verticle();
                HttpClient plain = WebhookTestSupport.plainClient();

                HttpClient client443 = https(cert);
                // warm the connection (TLS handshake, JIT) so that the timing below is the admission's own
                assertThat(post(
                                        client443,
                                        verticle.webhookPort(),
                                        "/mutate",
                                        review("admission.k8s.io/v1", uid(), "kube-system", prometheusPod("x"))
                                                .toBuffer()
                                                .getBytes())
                                .statusCode())
                        .isEqualTo(200);
                long t0 = System.nanoTime();
                HttpResponse<String> r = post(
                        client443,
                        verticle.webhookPort(),
                        "/mutate",
                        review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("kps-prometheus"))
                                .toBuffer()
                                .getBytes());
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(r.statusCode()).isEqualTo(200);
                JsonObject resp = new JsonObject(r.body()).getJsonObject("response");
                assertThat(resp.getBoolean("allowed")).isTrue();
                assertThat(resp.getString("patch")).isNull();
                assertThat(resp.getJsonArray("warnings")).isNotEmpty();
                // a bounded wait (behaviour): the lookup gives up after API_TIMEOUT (1 s), and the answer must come
                // before
                // the API server's own webhook timeout (10 s) would apply failurePolicy; the slack is for a loaded
                // machine
                assertThat(took).isLessThan(Duration.ofSeconds(10));

                var ready = get(plain, "http://127.0.0.1:" + verticle.managementPort() + "/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("caches not synced");
                String metrics = get(plain, "http://127.0.0.1:" + verticle.managementPort() + "/metrics")
                        .body();
                assertThat(metrics)
                        .contains("azmon_rw_webhook_admissions_total{outcome=\"error\",reason=\"api_timeout\"}")
                        .contains("azmon_rw_webhook_informers_synced 0.0");
            }
        }
    }
}
