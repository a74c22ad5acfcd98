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

class TrustStoreTest {

    @TempDir
    Path dir;

    private static Path fixtures() throws URISyntaxException {
        return Path.of(TrustStoreTest.class.getResource("/ca").toURI());
    }

    /** The JDK's reader of the store type the JVM reads cacerts with (the default type) is the oracle. */
    @Test
    void theJdkLoadsTheStoreWithoutAPasswordAndTrustsEveryCertificate() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(new ByteArrayInputStream(TrustStore.fromDirectory(fixtures())), null);
        // two files in src/test/resources/ca, counted by hand
        assertThat(Collections.list(ks.aliases()))
                .containsExactlyInAnyOrder("debian:isrg_root_x1.pem", "debian:digicert_global_root_g2.pem");
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream in = Files.newInputStream(fixtures().resolve("ISRG_Root_X1.crt"))) {
            X509Certificate expected = (X509Certificate) cf.generateCertificate(in);
            assertThat(ks.isCertificateEntry("debian:isrg_root_x1.pem")).isTrue();
            assertThat(ks.getCertificate("debian:isrg_root_x1.pem")).isEqualTo(expected);
        }
    }

    @Test
    void theSameCertificatesGiveTheSameBytes() throws Exception {
        byte[] first = TrustStore.fromDirectory(fixtures());
        Thread.sleep(1100); // a store stamped with the time would differ now
        assertThat(TrustStore.fromDirectory(fixtures())).isEqualTo(first);
        assertThat(System.getProperty("keystore.pkcs12.macAlgorithm")).isNull();
    }

    @Test
    void refusesAnEmptyDirectoryOrAFileThatIsNoCertificate() throws IOException {
        assertThatThrownBy(() -> TrustStore.fromDirectory(dir)).hasMessageContaining("the image would trust nothing");
        Files.writeString(dir.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TrustStore.fromDirectory(dir))
                .hasMessageContaining("broken.crt is not an X.509 certificate");
    }
}
