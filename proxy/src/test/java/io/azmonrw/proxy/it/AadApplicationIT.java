package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.StandIns;
import io.azmonrw.testkit.TestCa;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aadApplication: a certificate credential (PEM or PFX) whose client assertion the token stand-in verifies, x5c chain required. */
class AadApplicationIT {
    @TempDir
    Path dir;
    private Vertx vertx;
    private StandIns standIns;
    private TestCa.ClientCert cert;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        standIns = StandIns.start(vertx, dir).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        cert = standIns.ca().issueClient("azmon-rw-proxy-test-app");
        standIns.entra().expectCertificate(cert.certificate(), true);
    }

    @AfterEach
    void stop() throws Exception {
        standIns.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Map<String, String> env(Path certificate) {
        Map<String, String> env = new HashMap<>(standIns.proxyEnv());
        env.remove("AZURE_FEDERATED_TOKEN_FILE");
        env.put("IDENTITY_TYPE", "aadApplication");
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", certificate.toAbsolutePath().toString());
        env.put("SHUTDOWN_QUIET_PERIOD", "0s");
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
