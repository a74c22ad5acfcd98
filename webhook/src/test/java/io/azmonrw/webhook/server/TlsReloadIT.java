package io.azmonrw.webhook.server;

import static io.azmonrw.webhook.server.WebhookTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.WebhookVerticle;
import io.azmonrw.webhook.tls.TestCerts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates that appear after startup and are replaced the way the kubelet replaces a mounted Secret, served without restart. */
@EnableKubernetesMockClient(crud = true, https = false)
class TlsReloadIT {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void opensWhenCertificatesAppearAndServesReplacementsWithoutRestart(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        Map<String, String> env =
                env(tls.resolve("tls.crt").toString(), tls.resolve("tls.key").toString(), "5s");
        env.put("CERT_MODE", "self-managed");
        try (RunningWebhook running = RunningWebhook.start(env, client.getConfiguration())) {
            WebhookVerticle verticle = running.verticle();
            HttpClient plain = WebhookTestSupport.plainClient();
            String readyz = "http://127.0.0.1:" + verticle.managementPort() + "/readyz";

            // no files yet: not ready, no HTTPS port, and the reason is in the body
            assertThat(verticle.webhookPort()).isEqualTo(-1);
            var notReady = get(plain, readyz);
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("no valid certificate yet");

            TestCerts.Issued a = TestCerts.ec("first");
            TestCerts.Issued b = TestCerts.ec("second");
            TestCerts.writeLikeKubelet(tls, a);
            await("ready with the first certificate", Duration.ofSeconds(20), () -> statusOf(plain, readyz) == 200);
            int port = verticle.webhookPort();
            assertThat(servedSerial(port, a, b)).isEqualTo(a.serial());
            var r = post(
                    https(a),
                    port,
                    "/mutate",
                    review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("x"))
                            .toBuffer()
                            .getBytes());
            assertThat(r.statusCode()).isEqualTo(200);

            // the kubelet's swap: a new ..<timestamp> dir, then ..data repointed atomically
            TestCerts.writeLikeKubelet(tls, b);
            await(
                    "the second certificate served",
                    Duration.ofSeconds(20),
                    () -> serial(port, a, b).equals(b.serial()));
            assertThat(verticle.webhookPort()).isEqualTo(port);
            var r2 = post(
                    https(b),
                    port,
                    "/mutate",
                    review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("x"))
                            .toBuffer()
                            .getBytes());
            assertThat(r2.statusCode()).isEqualTo(200);

            // a broken update (key of another certificate) is refused and the last good one stays
            TestCerts.Issued c = TestCerts.ec("third");
            Path broken = Files.createDirectories(dir.resolve("broken"));
            TestCerts.writePlain(c, broken.resolve("tls.crt"), broken.resolve("tls.key"));
            Files.writeString(broken.resolve("tls.key"), a.keyPem());
            Files.copy(broken.resolve("tls.crt"), tls.resolve("..tmp.crt"));
            Files.move(
                    tls.resolve("..tmp.crt"),
                    tls.resolve("tls.crt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(1000);
            assertThat(servedSerial(port, a, b)).isEqualTo(b.serial());
            assertThat(statusOf(plain, readyz)).isEqualTo(200);
            assertThat(get(plain, "http://127.0.0.1:" + verticle.managementPort() + "/metrics")
                            .body())
                    .contains("azmon_rw_webhook_tls_reloads_total{result=\"ok\"} 2.0")
                    .contains("azmon_rw_webhook_tls_reloads_total{result=\"failed\"}");
        }
    }

    private static int statusOf(HttpClient c, String url) {
        try {
            return get(c, url).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static BigInteger serial(int port, TestCerts.Issued... trusted) {
        try {
            return servedSerial(port, trusted);
        } catch (IOException e) {
            return BigInteger.valueOf(-1);
        }
    }
}
