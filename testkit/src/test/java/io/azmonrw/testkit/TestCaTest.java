package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaTest {
    @TempDir
    Path dir;

    @Test
    void serverCertificateCoversLoopbackNamesAndChainsToCa() throws Exception {
        TestCa ca = TestCa.generate(dir);
        X509Certificate server = ca.serverCertificate();
        server.verify(ca.caCertificate().getPublicKey());
        List<String> sans = server.getSubjectAlternativeNames().stream()
                .map(l -> String.valueOf(l.get(1)))
                .toList();
        assertThat(sans).contains("127.0.0.1", "localhost");
        assertThat(sans).anyMatch(s -> s.startsWith("0:0:0:0:0:0:0:1"));
        assertThat(ca.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(Files.readString(ca.serverKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void trustStoreOpensWithItsPasswordAndHoldsTheCa() throws Exception {
        TestCa ca = TestCa.generate(dir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ca.trustStore())) {
            ks.load(in, ca.trustStorePassword().toCharArray());
        }
        assertThat(ks.getCertificate(ks.aliases().nextElement())).isEqualTo(ca.caCertificate());
        assertThat(ca.jvmTrustOptions())
                .anyMatch(o -> o.contains(ca.trustStore().toString()));
    }

    @Test
    void clientCertificateComesAsPemAndPfxWithItsKey() throws Exception {
        TestCa ca = TestCa.generate(dir);
        TestCa.ClientCert client = ca.issueClient("app one");
        client.certificate().verify(ca.caCertificate().getPublicKey());
        assertThat(client.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(client.pfx())) {
            ks.load(in, client.pfxPassword().toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("client", client.pfxPassword().toCharArray());
        assertThat(key.getEncoded()).isEqualTo(client.privateKey().getEncoded());
        assertThat(ks.getCertificateChain("client")).hasSize(2);
        String combined = Files.readString(client.combinedPem());
        assertThat(combined).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----");
    }
}
