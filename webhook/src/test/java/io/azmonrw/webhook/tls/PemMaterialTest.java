package io.azmonrw.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemMaterialTest {
    private static Vertx vertx;

    @BeforeAll
    static void up() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void down() {
        vertx.close().await();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void loadsRsaAndEcPairsWithTheirExpiry() throws Exception {
        for (TestCerts.Issued c : new TestCerts.Issued[] {TestCerts.rsa("rsa-one"), TestCerts.ec("ec-one")}) {
            PemMaterial m = PemMaterial.of(vertx, b(c.certPem()), b(c.keyPem()));
            assertThat(m.notAfter()).isEqualTo(c.certificate().getNotAfter().toInstant());
            assertThat(m.subject())
                    .contains(c.certificate().getSubjectX500Principal().getName());
        }
    }

    @Test
    void rejectsAKeyThatIsNotTheCertificates() {
        TestCerts.Issued a = TestCerts.rsa("a");
        TestCerts.Issued other = TestCerts.rsa("b");
        assertThatThrownBy(() -> PemMaterial.of(vertx, b(a.certPem()), b(other.keyPem())))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void rejectsGarbageAndHalfWrittenFiles() {
        TestCerts.Issued a = TestCerts.ec("a");
        assertThatThrownBy(() -> PemMaterial.of(vertx, b("not a certificate"), b(a.keyPem())))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(
                        () -> PemMaterial.of(vertx, b(a.certPem()), b(a.keyPem().substring(0, 40))))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> PemMaterial.of(vertx, b(""), b(""))).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void hashChangesWithContentOnly(@TempDir Path dir) throws Exception {
        TestCerts.Issued a = TestCerts.ec("a");
        TestCerts.Issued c = TestCerts.ec("c");
        TestCerts.writeLikeKubelet(dir, a);
        PemMaterial first = PemMaterial.read(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key"));
        PemMaterial again = PemMaterial.read(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key"));
        assertThat(again.sha256()).isEqualTo(first.sha256());
        TestCerts.writeLikeKubelet(dir, c);
        PemMaterial swapped = PemMaterial.read(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key"));
        assertThat(swapped.sha256()).isNotEqualTo(first.sha256());
        assertThat(swapped.subject()).contains("CN=c");
    }

    @Test
    void toStringNeverShowsTheKey() throws Exception {
        TestCerts.Issued a = TestCerts.rsa("a");
        PemMaterial m = PemMaterial.of(vertx, b(a.certPem()), b(a.keyPem()));
        String keyBody = a.keyPem().split("\n")[1];
        assertThat(m.toString()).doesNotContain(keyBody).doesNotContain("PRIVATE");
    }
}
