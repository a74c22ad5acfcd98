package io.azmonrw.webhook.tls;

import io.azmonrw.common.tls.Certificates;
import io.azmonrw.common.tls.Certificates.Request;
import io.azmonrw.common.tls.Certificates.Role;
import io.azmonrw.common.tls.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Self-signed serving certificates (common's {@code Certificates}, not the webhook code under test), written like a kubelet-mounted Secret. */
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
        KeyPair kp = "EC".equals(alg) ? Certificates.ecKeyPair() : Certificates.rsaKeyPair(2048);
        Instant now = Instant.now();
        X509Certificate cert = Certificates.selfSigned(
                new Request(
                        "CN=" + cn,
                        kp.getPublic(),
                        Role.SERVER,
                        List.of("localhost"),
                        List.of("127.0.0.1"),
                        now.minus(Duration.ofMinutes(5)),
                        now.plus(validity)),
                kp.getPrivate());
        return new Issued(cert, kp, Pem.certificate(cert), Pem.privateKey(kp.getPrivate()));
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
