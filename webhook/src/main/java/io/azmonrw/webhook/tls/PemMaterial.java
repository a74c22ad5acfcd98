package io.azmonrw.webhook.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * A certificate chain and private key read from PEM files, checked to belong together, with a
 * content hash so that a reload happens only when the bytes change.
 */
public record PemMaterial(Buffer cert, Buffer key, String sha256, Instant notAfter, String subject) {

    @Override
    public String toString() {
        // never the key bytes
        return "PemMaterial[subject=" + subject + ", notAfter=" + notAfter + ", sha256=" + sha256.substring(0, 12)
                + "]";
    }

    /**
     * Reads both files (blocking: call on a worker). Kubernetes swaps a mounted Secret by repointing
     * the {@code ..data} symlink, so the resolved paths are compared before and after reading: a swap
     * in between would pair an old certificate with a new key, and that read is rejected.
     */
    public static PemMaterial read(Vertx vertx, Path certFile, Path keyFile)
            throws IOException, GeneralSecurityException {
        Path certReal = certFile.toRealPath();
        Path keyReal = keyFile.toRealPath();
        byte[] cert = Files.readAllBytes(certReal);
        byte[] key = Files.readAllBytes(keyReal);
        if (!certReal.equals(certFile.toRealPath()) || !keyReal.equals(keyFile.toRealPath())) {
            throw new IOException("certificate files changed while being read");
        }
        return of(vertx, cert, key);
    }

    /** Parses and checks PEM bytes; fails when they do not parse or the key does not match the certificate. */
    public static PemMaterial of(Vertx vertx, byte[] certPem, byte[] keyPem) throws GeneralSecurityException {
        Buffer cert = Buffer.buffer(certPem);
        Buffer key = Buffer.buffer(keyPem);
        KeyManagerFactory kmf;
        try {
            // Vert.x's own PEM reader (PKCS#1, PKCS#8, SEC1 keys), so this check accepts exactly what the server will
            // load
            kmf = TlsPolicy.keyCert(new PemMaterial(cert, key, "", Instant.EPOCH, ""))
                    .getKeyManagerFactory(vertx);
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot load the PEM certificate and key: " + e.getMessage(), e);
        }
        X509KeyManager km = null;
        for (KeyManager m : kmf.getKeyManagers()) {
            if (m instanceof X509KeyManager x) {
                km = x;
            }
        }
        if (km == null) {
            throw new GeneralSecurityException("no X.509 key manager for the PEM files");
        }
        // Vert.x's PEM key manager stores the pair under a fixed alias; ask for whatever alias it has
        String alias = firstAlias(km);
        PrivateKey privateKey = km.getPrivateKey(alias);
        X509Certificate[] chain = km.getCertificateChain(alias);
        if (privateKey == null || chain == null || chain.length == 0) {
            throw new GeneralSecurityException("the PEM files hold no certificate and key pair");
        }
        X509Certificate leaf = firstCertificate(certPem, chain[0]);
        checkPair(privateKey, leaf.getPublicKey());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(certPem);
        sha.update((byte) 0);
        sha.update(keyPem);
        return new PemMaterial(
                cert,
                key,
                HexFormat.of().formatHex(sha.digest()),
                leaf.getNotAfter().toInstant(),
                leaf.getSubjectX500Principal().getName());
    }

    private static String firstAlias(X509KeyManager km) throws GeneralSecurityException {
        for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS"}) {
            String[] aliases = km.getServerAliases(type, null);
            if (aliases != null && aliases.length > 0) {
                return aliases[0];
            }
        }
        throw new GeneralSecurityException("the PEM key is not RSA, EC or EdDSA");
    }

    private static X509Certificate firstCertificate(byte[] pem, X509Certificate fallback) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (GeneralSecurityException e) {
            return fallback;
        }
    }

    /** Signs a fixed message with the key and verifies it with the certificate's public key. */
    private static void checkPair(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
        if ("RSASSA-PSS".equals(alg)) {
            return; // needs parameters; the handshake itself will reveal a mismatch
        }
        byte[] msg = "azmon-rw key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(msg);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(msg);
        if (!v.verify(sig)) {
            throw new GeneralSecurityException("the private key does not match the certificate");
        }
    }
}
