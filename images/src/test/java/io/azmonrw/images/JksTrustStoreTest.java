package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JksTrustStoreTest {

    @TempDir
    Path dir;

    private static Path fixtures() throws URISyntaxException {
        return Path.of(JksTrustStoreTest.class.getResource("/ca").toURI());
    }

    /** The JDK's own JKS reader is the oracle: it checks the integrity digest and parses every entry. */
    @Test
    void theJdkLoadsTheStoreWithItsDefaultPasswordAndFindsEveryCertificate() throws Exception {
        byte[] store = JksTrustStore.fromDirectory(fixtures(), 1_700_000_000_000L);
        KeyStore ks = KeyStore.getInstance("JKS");
        ks.load(new ByteArrayInputStream(store), "changeit".toCharArray());
        // two files in src/test/resources/ca, counted by hand
        assertThat(Collections.list(ks.aliases())).containsExactlyInAnyOrder(
                "debian:isrg_root_x1.pem", "debian:digicert_global_root_g2.pem");
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream in = Files.newInputStream(fixtures().resolve("ISRG_Root_X1.crt"))) {
            X509Certificate expected = (X509Certificate) cf.generateCertificate(in);
            assertThat(ks.isCertificateEntry("debian:isrg_root_x1.pem")).isTrue();
            assertThat(ks.getCertificate("debian:isrg_root_x1.pem")).isEqualTo(expected);
        }
        assertThat(ks.getCreationDate("debian:isrg_root_x1.pem").getTime()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void aTamperedStoreFailsTheJdksIntegrityCheck() throws Exception {
        byte[] store = JksTrustStore.fromDirectory(fixtures(), 0);
        store[40] ^= 1;
        KeyStore ks = KeyStore.getInstance("JKS");
        assertThatThrownBy(() -> ks.load(new ByteArrayInputStream(store), "changeit".toCharArray())).isInstanceOf(IOException.class);
    }

    @Test
    void theSameCertificatesGiveTheSameBytes() throws Exception {
        assertThat(JksTrustStore.fromDirectory(fixtures(), 5)).isEqualTo(JksTrustStore.fromDirectory(fixtures(), 5));
    }

    @Test
    void refusesAnEmptyDirectoryOrAFileThatIsNoCertificate() throws IOException {
        assertThatThrownBy(() -> JksTrustStore.fromDirectory(dir, 0)).hasMessageContaining("the image would trust nothing");
        Files.writeString(dir.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> JksTrustStore.fromDirectory(dir, 0)).hasMessageContaining("broken.crt is not an X.509 certificate");
    }
}
