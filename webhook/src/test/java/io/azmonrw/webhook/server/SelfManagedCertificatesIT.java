package io.azmonrw.webhook.server;

import static io.azmonrw.webhook.server.WebhookTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.WebhookVerticle;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CERT_MODE=self-managed end to end: the certs code writes the files, the server serves them, and the caBundle it patched trusts them. */
@EnableKubernetesMockClient(crud = true, https = false)
class SelfManagedCertificatesIT {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void servesTheCertificateTheCaBundleTrusts(@TempDir Path dir) throws Exception {
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .resource(new MutatingWebhookConfigurationBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook")
                        .endMetadata()
                        .withWebhooks(new MutatingWebhookBuilder()
                                .withName("inject.azmon-rw.io")
                                .withNewClientConfig()
                                .withNewService()
                                .withName("azmon-rw-webhook")
                                .withNamespace("azmon-rw-system")
                                .withPath("/mutate")
                                .withPort(443)
                                .endService()
                                .endClientConfig()
                                .withSideEffects("None")
                                .withAdmissionReviewVersions("v1")
                                .build())
                        .build())
                .create();
        Map<String, String> env =
                env(dir.resolve("tls.crt").toString(), dir.resolve("tls.key").toString(), "5s");
        env.put("CERT_MODE", "self-managed");
        try (RunningWebhook running = RunningWebhook.start(env, client.getConfiguration())) {
            WebhookVerticle verticle = running.verticle();
            await("the self-managed certificate served", Duration.ofSeconds(60), () -> verticle.webhookPort() > 0);

            String caBundle = client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName("azmon-rw-webhook")
                    .get()
                    .getWebhooks()
                    .get(0)
                    .getClientConfig()
                    .getCaBundle();
            assertThat(caBundle).isNotBlank();
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(caBundle)));
            // a client that trusts only the caBundle completes the handshake (as the API server would)
            try (SSLSocket s = (SSLSocket) trusting(ca).getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress("127.0.0.1", verticle.webhookPort()), 5000);
                s.setSoTimeout(10000);
                s.startHandshake();
                X509Certificate served = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertThat(served.getSubjectX500Principal().getName()).contains("azmon-rw-webhook.azmon-rw-system.svc");
            }
        }
    }
}
