package io.azmonrw.common.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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

/**
 * The one place that makes X.509 certificates (BouncyCastle): key pairs, a CA, and serving or client certificates it
 * signs, SHA-256 with the signer's key type. Callers need {@code bcpkix-jdk18on} on their own classpath: common
 * declares it optional so that the proxy, which makes no certificates, does not carry it.
 */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a certificate is for; it decides basic constraints, key usage and extended key usage. */
    public enum Role {
        /** A CA that signs leaves only (path length 0). */
        CA,
        /** A TLS server certificate. */
        SERVER,
        /** A TLS client certificate. */
        CLIENT
    }

    /** Subject, key, role, names and validity of a certificate to sign. */
    public record Request(
            String subjectDn,
            PublicKey publicKey,
            Role role,
            List<String> dnsNames,
            List<String> ipAddresses,
            Instant notBefore,
            Instant notAfter) {
        public Request {
            dnsNames = List.copyOf(dnsNames);
            ipAddresses = List.copyOf(ipAddresses);
        }
    }

    private Certificates() {}

    /** An ECDSA P-256 key pair. */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key pair", e);
        }
    }

    /** An RSA key pair of {@code bits} bits. */
    public static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(bits, RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    /** Signs {@code request} with the private half of its own key pair. */
    public static X509Certificate selfSigned(Request request, PrivateKey key) {
        return sign(request, null, key);
    }

    /** Signs {@code request} as {@code issuer}, whose private key is {@code issuerKey}. */
    public static X509Certificate signedBy(Request request, X509Certificate issuer, PrivateKey issuerKey) {
        return sign(request, issuer, issuerKey);
    }

    private static X509Certificate sign(Request r, X509Certificate issuer, PrivateKey signerKey) {
        try {
            X500Name subject = new X500Name(r.subjectDn());
            Date from = Date.from(r.notBefore());
            Date to = Date.from(r.notAfter());
            X509v3CertificateBuilder b = issuer == null
                    ? new JcaX509v3CertificateBuilder(subject, serial(), from, to, subject, r.publicKey())
                    : new JcaX509v3CertificateBuilder(issuer, serial(), from, to, subject, r.publicKey());
            var utils = new JcaX509ExtensionUtils();
            switch (r.role()) {
                case CA -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case SERVER, CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(
                            Extension.extendedKeyUsage,
                            false,
                            new ExtendedKeyUsage(
                                    r.role() == Role.SERVER
                                            ? KeyPurposeId.id_kp_serverAuth
                                            : KeyPurposeId.id_kp_clientAuth));
                }
            }
            List<GeneralName> sans = new ArrayList<>();
            r.dnsNames().forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
            r.ipAddresses().forEach(n -> sans.add(new GeneralName(GeneralName.iPAddress, n)));
            if (!sans.isEmpty()) {
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(r.publicKey()));
            String algorithm = "EC".equals(signerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signerKey)));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate for " + r.subjectDn(), e);
        }
    }

    private static BigInteger serial() {
        // positive, 127 bits of randomness: RFC 5280 allows up to 20 octets
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
