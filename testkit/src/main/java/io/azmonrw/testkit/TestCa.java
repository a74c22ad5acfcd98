package io.azmonrw.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    /** A client certificate issued by this CA, for certificate (aadApplication) credentials. */
    public record ClientCert(X509Certificate certificate, PrivateKey privateKey, Path certPem, Path keyPem,
            Path combinedPem, Path pfx, String pfxPassword) {}

    private TestCa(Path dir) throws GeneralSecurityException, IOException, OperatorCreationException {
        this.dir = Files.createDirectories(dir);
        this.caKeys = ecKeys();
        X500Name caName = new X500Name("CN=azmon-rw test CA " + Long.toHexString(RANDOM.nextLong()));
        Instant now = Instant.now();
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), caName, caKeys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        this.caCert = sign(ca, "SHA256withECDSA");

        KeyPair serverKeys = ecKeys();
        X509v3CertificateBuilder server = leaf(new X500Name("CN=localhost"), serverKeys);
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1"),
            new GeneralName(GeneralName.dNSName, "localhost")}));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        this.serverCert = sign(server, "SHA256withECDSA");

        this.caPem = write("ca.pem", pem("CERTIFICATE", caCert.getEncoded()));
        this.serverCertPem = write("server.pem", pem("CERTIFICATE", serverCert.getEncoded())
                + pem("CERTIFICATE", caCert.getEncoded()));
        this.serverKeyPem = write("server-key.pem", pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
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
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate test CA", e);
        }
    }

    /** Issues an RSA client certificate (MSAL signs client assertions with RSA), as PEM files and a PFX. */
    public ClientCert issueClient(String commonName) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, RANDOM);
            KeyPair keys = gen.generateKeyPair();
            X509v3CertificateBuilder b = leaf(new X500Name("CN=" + commonName), keys);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate cert = sign(b, "SHA256withECDSA");
            String base = "client-" + commonName.replaceAll("[^A-Za-z0-9_.-]", "_");
            String certText = pem("CERTIFICATE", cert.getEncoded());
            String keyText = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
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
        } catch (GeneralSecurityException | OperatorCreationException e) {
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
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath(),
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

    private X509v3CertificateBuilder leaf(X500Name subject, KeyPair keys) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return b;
    }

    private X509Certificate sign(X509v3CertificateBuilder b, String alg)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(caKeys.getPrivate())));
    }

    private BigInteger nextSerial() {
        return BigInteger.valueOf(serial.incrementAndGet());
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return gen.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
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
