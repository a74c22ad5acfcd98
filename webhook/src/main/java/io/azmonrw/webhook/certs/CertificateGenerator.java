package io.azmonrw.webhook.certs;

import io.azmonrw.common.tls.Certificates;
import io.azmonrw.common.tls.Certificates.Request;
import io.azmonrw.common.tls.Certificates.Role;
import io.azmonrw.common.tls.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Makes a fresh CA and a serving certificate for the webhook Service's DNS names: ECDSA P-256, SHA-256. */
public final class CertificateGenerator {
    /** Backdating absorbs clock skew between this pod and the API server. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private CertificateGenerator() {}

    /** The names the API server may use for {@code service} in {@code namespace}; the third is the one it dials. */
    public static List<String> dnsNames(String service, String namespace) {
        return List.of(
                service,
                service + "." + namespace,
                service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }

    /** A new CA and serving certificate, both valid from {@code now} for {@code lifetime}; {@code previousCaPem} may be empty. */
    public static CertificateBundle generate(
            String service, String namespace, Instant now, Duration lifetime, String previousCaPem) {
        KeyPair caKeys = Certificates.ecKeyPair();
        KeyPair leafKeys = Certificates.ecKeyPair();
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter = now.plus(lifetime);
        X509Certificate caCert = Certificates.selfSigned(
                new Request(
                        "CN=azmon-rw-webhook-ca." + namespace,
                        caKeys.getPublic(),
                        Role.CA,
                        List.of(),
                        List.of(),
                        notBefore,
                        notAfter),
                caKeys.getPrivate());
        List<String> names = dnsNames(service, namespace);
        X509Certificate leafCert = Certificates.signedBy(
                new Request(
                        "CN=" + names.get(2), leafKeys.getPublic(), Role.SERVER, names, List.of(), notBefore, notAfter),
                caCert,
                caKeys.getPrivate());
        String trust = Pem.certificate(caCert) + (previousCaPem == null ? "" : previousCaPem);
        return new CertificateBundle(trust, Pem.certificate(leafCert), Pem.privateKey(leafKeys.getPrivate()));
    }
}
