package io.azmonrw.webhook.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates made with BouncyCastle (an implementation independent of the code under test), written like a kubelet-mounted Secret. */
public final class TestCerts {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A self-signed serving certificate for localhost/127.0.0.1 and its key, as PEM. */
    public record Issued(X509Certificate certificate, KeyPair keyPair, String certPem, String keyPem) {
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    private TestCerts() {}

    public static Issued rsa(String cn) {
        return issue(cn, "RSA");
    }

    public static Issued ec(String cn) {
        return issue(cn, "EC");
    }

    /** An EC certificate valid from five minutes ago for {@code validity}. */
    public static Issued ec(String cn, Duration validity) {
        return issue(cn, "EC", validity);
    }

    private static Issued issue(String cn, String alg) {
        return issue(cn, alg, Duration.ofDays(1));
    }

    private static Issued issue(String cn, String alg, Duration validity) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if ("EC".equals(alg)) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + cn);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            String sigAlg = "EC".equals(alg) ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())));
            return new Issued(cert, kp, pem(cert), pem(new JcaPKCS8Generator(kp.getPrivate(), null)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    public static void writePlain(Issued c, Path cert, Path key) throws IOException {
        Files.writeString(cert, c.certPem(), StandardCharsets.US_ASCII);
        Files.writeString(key, c.keyPem(), StandardCharsets.US_ASCII);
    }

    /**
     * Lays the files out the way the kubelet's AtomicWriter does: {@code dir/..<ts>/tls.crt}, {@code dir/..data -> ..<ts>},
     * {@code dir/tls.crt -> ..data/tls.crt}; a later call swaps {@code ..data} with an atomic rename of a new symlink.
     */
    public static void writeLikeKubelet(Path dir, Issued c) throws IOException {
        Files.createDirectories(dir);
        Path version = dir.resolve("..v" + SERIAL.incrementAndGet());
        Files.createDirectories(version);
        writePlain(c, version.resolve("tls.crt"), version.resolve("tls.key"));
        Path tmp = dir.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, version.getFileName());
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String f : new String[] {"tls.crt", "tls.key"}) {
            Path link = dir.resolve(f);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data", f));
            }
        }
    }

}
