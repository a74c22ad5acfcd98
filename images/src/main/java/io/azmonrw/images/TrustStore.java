package io.azmonrw.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the JVM's trust store (cacerts) from Debian's CA certificates. Debian makes it in ca-certificates-java's
 * install script, which runs Java and so cannot run for a foreign architecture; the JDK's own PKCS12 writer makes it
 * here instead, in the form the JDK (18 and later) ships its own cacerts: password-less, without the integrity MAC
 * and certificate encryption whose random salts would make every build's bytes differ. Certificates carry no
 * dates in PKCS12 (keytool's JKS stamps each entry with the current time), so the same certificates give the same bytes.
 */
final class TrustStore {

    /** The JDK's default cacerts password; without a MAC nothing checks it, and a trust store holds no secrets. */
    static final String PASSWORD = "changeit";

    private static final List<String> NO_PROTECTION =
            List.of("keystore.pkcs12.certProtectionAlgorithm", "keystore.pkcs12.macAlgorithm");

    private TrustStore() {}

    /** Every *.crt under dir, one entry each, alias "debian:<file name>" as ca-certificates-java names them. */
    static byte[] fromDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".crt"))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no *.crt certificates under " + dir + ": the image would trust nothing");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    store.setCertificateEntry(
                            "debian:"
                                    + f.getFileName()
                                            .toString()
                                            .toLowerCase(Locale.ROOT)
                                            .replace(".crt", ".pem"),
                            cf.generateCertificate(in));
                } catch (CertificateException e) {
                    throw new IOException(f + " is not an X.509 certificate: " + e.getMessage(), e);
                }
            }
            // the JDK reads these two when it stores; set only for this call (the tool writes no other store meanwhile)
            List<String> previous =
                    NO_PROTECTION.stream().map(System::getProperty).toList();
            NO_PROTECTION.forEach(p -> System.setProperty(p, "NONE"));
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                store.store(bytes, PASSWORD.toCharArray());
                return bytes.toByteArray();
            } finally {
                for (int i = 0; i < NO_PROTECTION.size(); i++) {
                    if (previous.get(i) == null) {
                        System.clearProperty(NO_PROTECTION.get(i));
                    } else {
                        System.setProperty(NO_PROTECTION.get(i), previous.get(i));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store: " + e.getMessage(), e);
        }
    }
}
