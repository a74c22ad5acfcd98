package io.azmonrw.webhook.certs;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated PEM files work where it matters: Vert.x serves them, and a client that trusts only the caBundle and
 * checks the host name the API server dials ({@code svc.ns.svc}) completes the handshake. Loopback, ephemeral port.
 */
class GeneratedCertificatesServeTlsTest {
    private static final String SERVICE = "azmon-rw-webhook";
    private static final String NAMESPACE = "azmon-rw-system";

    @TempDir
    Path dir;

    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void vertxServesTheGeneratedCertificateToAClientTrustingOnlyTheCaBundle() throws Exception {
        CertificateBundle bundle =
                CertificateGenerator.generate(SERVICE, NAMESPACE, Instant.now(), Duration.ofDays(30), "");
        int port = serve(bundle);

        handshake(port, bundle.caPem(), SERVICE + "." + NAMESPACE + ".svc");
    }

    @Test
    void aClientTrustingAnotherCaOrDialingAnotherNameIsRefused() throws Exception {
        CertificateBundle bundle =
                CertificateGenerator.generate(SERVICE, NAMESPACE, Instant.now(), Duration.ofDays(30), "");
        CertificateBundle other =
                CertificateGenerator.generate(SERVICE, NAMESPACE, Instant.now(), Duration.ofDays(30), "");
        int port = serve(bundle);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> handshake(port, other.caPem(), SERVICE + "." + NAMESPACE + ".svc"))
                .isInstanceOf(SSLHandshakeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handshake(port, bundle.caPem(), "evil.example.com"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private int serve(CertificateBundle bundle) throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(cert, bundle.certPem());
        Files.writeString(key, bundle.keyPem());
        return TlsProbe.serve(vertx, cert, key);
    }

    private static void handshake(int port, String caPem, String hostName) throws Exception {
        TlsProbe.handshake(port, caPem, hostName);
    }
}
