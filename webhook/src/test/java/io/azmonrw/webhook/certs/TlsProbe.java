package io.azmonrw.webhook.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Test helper: serves PEM files over HTTPS with Vert.x on loopback and handshakes as the API server would. */
public final class TlsProbe {
    private TlsProbe() {}

    /** Starts an HTTPS server on 127.0.0.1 and an ephemeral port with the given PEM files; returns the port. */
    public static int serve(Vertx vertx, Path cert, Path key) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setHost("127.0.0.1")
                .setPort(0)
                .setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
        return vertx.createHttpServer(options)
                .requestHandler(r -> r.response().end("ok"))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    /** A TLS handshake trusting only {@code caPem}, checking the certificate against {@code hostName}; throws if refused. */
    public static void handshake(int port, String caPem, String hostName) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
            trust.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(5000);
            // the host name given here is what the certificate is checked against, as the API server would dial it
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, hostName, port, false)) {
                var params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.startHandshake();
                assertThat(tls.getSession().getPeerCertificates()).isNotEmpty();
            }
        }
    }
}
