package io.azmonrw.images;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the JVM's trust store (cacerts) from Debian's CA certificates. Debian makes it in ca-certificates-java's
 * install script, which runs Java and so cannot run for a foreign architecture; the store is written here instead,
 * byte for byte the same for the same certificates (the JDK's own writer stamps every entry with the current time).
 */
final class JksTrustStore {

    /** The JDK's default cacerts password; a trust store holds no secrets, the password only guards integrity. */
    static final String PASSWORD = "changeit";
    private static final int MAGIC = 0xFEEDFEED;
    private static final int VERSION = 2;
    private static final int TRUSTED_CERT = 2;

    private JksTrustStore() {
    }

    /** Every *.crt under dir, one entry each, alias "debian:<file name>" as ca-certificates-java names them. */
    static byte[] fromDirectory(Path dir, long createdMillis) throws IOException {
        Map<String, Certificate> certs = new TreeMap<>();
        CertificateFactory cf = x509();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".crt")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                certs.put("debian:" + f.getFileName().toString().toLowerCase(Locale.ROOT).replace(".crt", ".pem"),
                        cf.generateCertificate(in));
            } catch (CertificateException e) {
                throw new IOException(f + " is not an X.509 certificate: " + e.getMessage(), e);
            }
        }
        if (certs.isEmpty()) {
            throw new IOException("no *.crt certificates under " + dir + ": the image would trust nothing");
        }
        return write(certs, createdMillis);
    }

    static byte[] write(Map<String, Certificate> certs, long createdMillis) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(certs.size());
        for (Map.Entry<String, Certificate> e : new TreeMap<>(certs).entrySet()) {
            out.writeInt(TRUSTED_CERT);
            out.writeUTF(e.getKey());
            out.writeLong(createdMillis);
            out.writeUTF("X.509");
            byte[] encoded;
            try {
                encoded = e.getValue().getEncoded();
            } catch (java.security.cert.CertificateEncodingException ex) {
                throw new IOException("cannot encode " + e.getKey(), ex);
            }
            out.writeInt(encoded.length);
            out.write(encoded);
        }
        out.flush();
        // JKS integrity check: SHA-1 over the password (UTF-16BE), a fixed salt phrase, then the store itself
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
        for (char c : PASSWORD.toCharArray()) {
            sha1.update((byte) (c >> 8));
            sha1.update((byte) c);
        }
        sha1.update("Mighty Aphrodite".getBytes(StandardCharsets.UTF_8));
        sha1.update(bytes.toByteArray());
        out.write(sha1.digest());
        out.flush();
        return bytes.toByteArray();
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK always has X.509", e);
        }
    }
}
