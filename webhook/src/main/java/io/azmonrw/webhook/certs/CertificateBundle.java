package io.azmonrw.webhook.certs;

import io.azmonrw.common.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three PEM texts kept in the webhook's Secret: the trust bundle for the caBundle ({@code ca.crt}, current CA first,
 * then the previous CA while it is still valid), the serving certificate ({@code tls.crt}) and its key ({@code tls.key}).
 */
public record CertificateBundle(String caPem, String certPem, String keyPem) {
    public static final String CA_KEY = "ca.crt";
    public static final String CERT_KEY = "tls.crt";
    public static final String KEY_KEY = "tls.key";

    /** Reads the Secret's {@code data} (base64 values); empty when a key is missing. */
    public static Optional<CertificateBundle> fromSecretData(Map<String, String> data) {
        if (data == null) {
            return Optional.empty();
        }
        String ca = data.get(CA_KEY);
        String cert = data.get(CERT_KEY);
        String key = data.get(KEY_KEY);
        if (blank(ca) || blank(cert) || blank(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CertificateBundle(decode(ca), decode(cert), decode(key)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    public Map<String, String> toSecretData() {
        return Map.of(CA_KEY, encode(caPem), CERT_KEY, encode(certPem), KEY_KEY, encode(keyPem));
    }

    /** The value for {@code clientConfig.caBundle}: base64 of the PEM trust bundle. */
    public String caBundleBase64() {
        return encode(caPem);
    }

    /**
     * Why this bundle cannot be served at {@code now} for {@code dnsName}, or empty when it can: it parses, the key
     * matches the certificate, the certificate names the Service, chains to the first CA and does not expire within
     * {@code renewBefore}.
     */
    public Optional<String> problem(Instant now, Duration renewBefore, String dnsName) {
        try {
            X509Certificate cert = Pem.parseCertificates(certPem).get(0);
            List<X509Certificate> cas = Pem.parseCertificates(caPem);
            var key = Pem.parsePrivateKey(keyPem);
            if (!keyMatches(key, cert)) {
                return Optional.of("tls.key does not belong to tls.crt");
            }
            cert.verify(cas.get(0).getPublicKey());
            if (now.isBefore(cert.getNotBefore().toInstant())) {
                return Optional.of(
                        "certificate not valid before " + cert.getNotBefore().toInstant());
            }
            if (!now.plus(renewBefore).isBefore(cert.getNotAfter().toInstant())) {
                return Optional.of(
                        "certificate expires at " + cert.getNotAfter().toInstant() + ", within " + renewBefore);
            }
            if (!now.plus(renewBefore).isBefore(cas.get(0).getNotAfter().toInstant())) {
                return Optional.of("CA expires at " + cas.get(0).getNotAfter().toInstant() + ", within " + renewBefore);
            }
            if (!dnsNames(cert).contains(dnsName)) {
                return Optional.of("certificate does not name " + dnsName);
            }
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("unreadable certificate or key: " + e.getMessage());
        }
    }

    public Instant notAfter() {
        try {
            return Pem.parseCertificates(certPem).get(0).getNotAfter().toInstant();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable certificate", e);
        }
    }

    static List<String> dnsNames(X509Certificate cert) throws GeneralSecurityException {
        var sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return List.of();
        }
        // entry type 2 is dNSName (RFC 5280 GeneralName)
        return sans.stream()
                .filter(e -> ((Integer) e.get(0)) == 2)
                .map(e -> (String) e.get(1))
                .toList();
    }

    private static boolean keyMatches(java.security.PrivateKey key, X509Certificate cert)
            throws GeneralSecurityException {
        // a signature round trip works for EC and RSA alike, with no key-type specific maths
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(probe);
        return verifier.verify(sig);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String decode(String b64) {
        return new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.US_ASCII);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        // the key is secret material: never print it
        return "CertificateBundle[tls.key hidden]";
    }
}
