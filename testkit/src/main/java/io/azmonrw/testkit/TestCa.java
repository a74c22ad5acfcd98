package io.azmonrw.testkit;

import io.azmonrw.common.tls.Certificates;
import io.azmonrw.common.tls.Certificates.Request;
import io.azmonrw.common.tls.Certificates.Role;
import io.azmonrw.common.tls.Pem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throw-away certificate authority with a server certificate for 127.0.0.1, ::1 and localhost. */
public final class TestCa {
    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final X509Certificate serverCert;
    private final Path caPem;
    private final Path serverCertPem;
    private final Path serverKeyPem;
    private final Path trustStore;
    private final String trustStorePassword;

    /** A client certificate issued by this CA, for certificate (aadApplication) credentials. */
    public record ClientCert(
            X509Certificate certificate,
            PrivateKey privateKey,
            Path certPem,
            Path keyPem,
            Path combinedPem,
            Path pfx,
            String pfxPassword) {}

    private TestCa(Path dir) throws GeneralSecurityException, IOException {
        this.dir = Files.createDirectories(dir);
        this.caKeys = Certificates.ecKeyPair();
        this.caCert = Certificates.selfSigned(
                request(
                        "CN=azmon-rw test CA " + Long.toHexString(RANDOM.nextLong()),
                        caKeys,
                        Role.CA,
                        List.of(),
                        List.of()),
                caKeys.getPrivate());
        KeyPair serverKeys = Certificates.ecKeyPair();
        this.serverCert = Certificates.signedBy(
                request("CN=localhost", serverKeys, Role.SERVER, List.of("localhost"), List.of("127.0.0.1", "::1")),
                caCert,
                caKeys.getPrivate());

        this.caPem = write("ca.pem", Pem.certificate(caCert));
        this.serverCertPem = write("server.pem", Pem.certificate(serverCert) + Pem.certificate(caCert));
        this.serverKeyPem = write("server-key.pem", Pem.privateKey(serverKeys.getPrivate()));
        this.trustStorePassword = "changeit-" + Long.toHexString(RANDOM.nextLong());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("azmon-rw-test-ca", caCert);
        this.trustStore = dir.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            ts.store(out, trustStorePassword.toCharArray());
        }
    }

    /** Generates a CA and a server certificate, writing PEM and PKCS12 files into {@code dir}. */
    public static TestCa generate(Path dir) {
        try {
            return new TestCa(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test CA", e);
        }
    }

    /** Issues an RSA client certificate (MSAL signs client assertions with RSA), as PEM files and a PFX. */
    public ClientCert issueClient(String commonName) {
        try {
            KeyPair keys = Certificates.rsaKeyPair(2048);
            X509Certificate cert = Certificates.signedBy(
                    request("CN=" + commonName, keys, Role.CLIENT, List.of(), List.of()), caCert, caKeys.getPrivate());
            String base = "client-" + commonName.replaceAll("[^A-Za-z0-9_.-]", "_");
            String certText = Pem.certificate(cert);
            String keyText = Pem.privateKey(keys.getPrivate());
            Path certPem = write(base + ".pem", certText);
            Path keyPem = write(base + "-key.pem", keyText);
            // azure-identity reads one PEM file holding the key and the certificate
            Path combined = write(base + "-combined.pem", keyText + certText);
            String password = "pfx-" + Long.toHexString(RANDOM.nextLong());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", keys.getPrivate(), password.toCharArray(), new Certificate[] {cert, caCert});
            Path pfx = dir.resolve(base + ".pfx");
            try (OutputStream out = Files.newOutputStream(pfx)) {
                ks.store(out, password.toCharArray());
            }
            return new ClientCert(cert, keys.getPrivate(), certPem, keyPem, combined, pfx, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue client certificate", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public X509Certificate serverCertificate() {
        return serverCert;
    }

    /** The CA certificate alone, PEM: what a client trusts (the proxy's {@code CA_BUNDLE_FILE}). */
    public Path caPem() {
        return caPem;
    }

    /** The server certificate followed by the CA certificate, PEM. */
    public Path serverCertPem() {
        return serverCertPem;
    }

    /** The server's private key, PKCS#8 PEM. */
    public Path serverKeyPem() {
        return serverKeyPem;
    }

    /** A PKCS12 trust store holding the CA, for {@code -Djavax.net.ssl.trustStore}. */
    public Path trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    /** JVM options that make a forked JVM trust this CA (and only it) by default. */
    public List<String> jvmTrustOptions() {
        return List.of(
                "-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath(),
                "-Djavax.net.ssl.trustStorePassword=" + trustStorePassword,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** Key and certificate for a Vert.x HTTPS server. */
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(read(serverCertPem)))
                .addKeyValue(Buffer.buffer(read(serverKeyPem)));
    }

    /** Trust options for a Vert.x client that talks to the stand-ins. */
    public PemTrustOptions trustOptions() {
        return new PemTrustOptions().addCertValue(Buffer.buffer(read(caPem)));
    }

    /** A TLS context trusting this CA only, e.g. for {@code java.net.http.HttpClient}. */
    public SSLContext sslContext() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", caCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), RANDOM);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build SSLContext", e);
        }
    }

    /** Valid from an hour ago (clock skew) for {@link #VALIDITY}. */
    private static Request request(String subjectDn, KeyPair keys, Role role, List<String> dns, List<String> ips) {
        Instant now = Instant.now();
        return new Request(
                subjectDn, keys.getPublic(), role, dns, ips, now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.US_ASCII);
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
