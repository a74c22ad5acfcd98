package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.StandIns;
import io.azmonrw.testkit.TestCa;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** aadApplication: a certificate credential (PEM or PFX) whose client assertion the token stand-in verifies, x5c chain required. */
class AadApplicationIT {
    @RegisterExtension
    final StandInsFixture fixture = new StandInsFixture();

    private StandIns standIns;
    private TestCa.ClientCert cert;

    @BeforeEach
    void start() throws Exception {
        standIns = fixture.standIns();
        cert = standIns.ca().issueClient("azmon-rw-proxy-test-app");
        standIns.entra().expectCertificate(cert.certificate(), true);
    }

    private Map<String, String> env(Path certificate) {
        Map<String, String> env = fixture.proxyEnv();
        env.remove("AZURE_FEDERATED_TOKEN_FILE");
        env.put("IDENTITY_TYPE", "aadApplication");
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", certificate.toAbsolutePath().toString());
        return env;
    }

    @Test
    void pemCertificate() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness(env(cert.combinedPem()), null)) {
            HttpResponse<String> r = proxy.write(Payloads.rw1(1, 3, System.currentTimeMillis()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            assertThat(standIns.ingestion().acceptedSamples()).isEqualTo(3);
            assertThat(standIns.entra().requests()).anyMatch(q -> q.status() == 200);
        }
    }

    @Test
    void pfxCertificateWithPassword() throws Exception {
        Map<String, String> env = env(cert.pfx());
        env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", cert.pfxPassword());
        try (ProxyHarness proxy = new ProxyHarness(env, null)) {
            HttpResponse<String> r = proxy.write(Payloads.rw1(1, 3, System.currentTimeMillis()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            assertThat(standIns.ingestion().acceptedSamples()).isEqualTo(3);
        }
    }
}
