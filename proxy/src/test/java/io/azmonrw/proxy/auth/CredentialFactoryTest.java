package io.azmonrw.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFactoryTest {
    @TempDir
    Path dir;

    @Test
    void instanceDiscoveryOnlyForMicrosoftAuthorities() {
        assertThat(CredentialFactory.isMicrosoftAuthority("https://login.microsoftonline.com/"))
                .isTrue();
        assertThat(CredentialFactory.isMicrosoftAuthority("https://login.chinacloudapi.cn/"))
                .isTrue();
        assertThat(CredentialFactory.isMicrosoftAuthority("https://127.0.0.1:8443/"))
                .isFalse();
        assertThat(CredentialFactory.isMicrosoftAuthority("https://login.microsoftonline.com.evil.example/"))
                .isFalse();
    }

    @Test
    void noProxyBecomesJavaNonProxyHosts() {
        assertThat(CredentialFactory.javaNonProxyHosts(List.of("localhost", ".svc.cluster.local")))
                .isEqualTo("localhost|*.localhost|*.svc.cluster.local");
    }

    @Test
    void certificateFormatIsDetectedFromContent() throws Exception {
        Path pem = Files.writeString(
                dir.resolve("c.crt"), "\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Path pfx = Files.write(dir.resolve("c.pem"), new byte[] {0x30, (byte) 0x82, 0x0a, 0x01});
        assertThat(CredentialFactory.isPem(pem)).isTrue();
        assertThat(CredentialFactory.isPem(pfx)).isFalse();
    }
}
