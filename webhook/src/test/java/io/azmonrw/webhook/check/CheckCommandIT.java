package io.azmonrw.webhook.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code check} against KubernetesMockServer in CRUD mode: the output of a healthy install and of each broken one is
 * compared with a golden file in src/test/resources/check (reviewed by hand; the actual output is written to
 * target/check-golden for a diff), and the exit code follows the worst line.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class CheckCommandIT {
    private static final Clock DAY_AFTER = Clock.fixed(CheckCluster.ISSUED.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    KubernetesMockServer server;
    KubernetesClient client;
    private CheckCluster cluster;
    private KubernetesClient checkClient;

    @AfterEach
    void down() {
        checkClient.close();
    }

    @BeforeEach
    void up() {
        checkClient = CheckCommand.client(client.getConfiguration());
        cluster = new CheckCluster(server, client);
        cluster.install();
    }

    private record Run(int code, String out, String err) {}

    private Run check(Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckCommand.run(
                CheckOptions.parse(args),
                checkClient,
                clock,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path dir = Path.of("target", "check-golden");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), actual);
        try (InputStream in = CheckCommandIT.class.getResourceAsStream("/check/" + name)) {
            assertThat(in)
                    .as("golden file check/" + name + " (actual output in target/check-golden)")
                    .isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aHealthyInstallPassesEveryCheck() throws IOException {
        Run r = check(DAY_AFTER);
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .doesNotContain("[fail]")
                .doesNotContain("[warn]")
                .contains("token: UP token valid until 2026-06-02T01:00:00Z")
                .contains("upstream: 204 at 2026-06-02T00:59:30Z (ok)");
        assertGolden("healthy.txt", r.out());
    }

    @Test
    void jsonOutputCarriesTheSameChecksForScripts() throws IOException {
        Run r = check(DAY_AFTER, "-o", "json");
        assertThat(r.code()).isZero();
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(tree.path("summary").path("fail").asInt()).isZero();
        assertThat(tree.path("checks").size())
                .isEqualTo(tree.path("summary").path("ok").asInt());
        assertGolden("healthy.json", r.out());
    }

    private void setCaBundle(String caBundle) {
        var mwc = client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("azmon-rw-webhook")
                .get();
        mwc.getWebhooks().get(0).getClientConfig().setCaBundle(caBundle);
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .resource(mwc)
                .update();
    }

    @Test
    void noCaBundleFails() throws IOException {
        setCaBundle(null);
        Run r = check(DAY_AFTER);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("[fail] webhook config MutatingWebhookConfiguration azmon-rw-webhook: no caBundle");
        assertGolden("no-cabundle.txt", r.out());
    }

    @Test
    void aCaBundleOfAnotherCaFails() throws IOException {
        var other = io.azmonrw.webhook.certs.CertificateGenerator.generate(
                "azmon-rw-webhook", CheckCluster.WH, CheckCluster.ISSUED, Duration.ofDays(365), null);
        setCaBundle(other.caBundleBase64());
        Run r = check(DAY_AFTER);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("[fail] serving certificate Secret azmon-rw-system/azmon-rw-webhook-tls: the caBundle of the"
                        + " MutatingWebhookConfiguration does not verify it");
    }

    @Test
    void anExpiredCertificateFailsAndOneCloseToExpiryWarns() throws IOException {
        Run expired = check(Clock.fixed(CheckCluster.ISSUED.plus(Duration.ofDays(366)), ZoneOffset.UTC));
        assertThat(expired.code()).isEqualTo(1);
        assertThat(expired.out())
                .contains(
                        "[fail] certificate expiry Secret azmon-rw-system/azmon-rw-webhook-tls: expired on 2027-06-01T00:00:00Z");
        assertGolden("expired-certificate.txt", expired.out());
        Run soon = check(Clock.fixed(CheckCluster.ISSUED.plus(Duration.ofDays(340)), ZoneOffset.UTC));
        assertThat(soon.code()).isZero();
        assertThat(soon.out())
                .contains(
                        "[warn] certificate expiry Secret azmon-rw-system/azmon-rw-webhook-tls: expires on 2027-06-01T00:00:00Z (25 days)");
    }

    @Test
    void aNamespaceNotLabelledFailsWhenAskedAndWarnsInTheFullScan() throws IOException {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("team-b")
                        .endMetadata()
                        .build())
                .create();
        client.pods()
                .inNamespace("team-b")
                .resource(CheckCluster.prometheus("prom-b")
                        .editMetadata()
                        .withNamespace("team-b")
                        .endMetadata()
                        .build())
                .create();
        Run asked = check(DAY_AFTER, "--namespace", "team-b");
        assertThat(asked.code()).isEqualTo(1);
        assertThat(asked.out())
                .contains("[fail] namespace team-b: not labelled azmon-rw.io/injection=enabled")
                .contains("fix: kubectl label namespace team-b azmon-rw.io/injection=enabled");
        assertGolden("namespace-not-labelled.txt", asked.out());
        Run scan = check(DAY_AFTER);
        assertThat(scan.code()).isZero();
        assertThat(scan.out()).contains("[warn] namespace team-b: has Prometheus pods but is not labelled");
    }

    @Test
    void aServiceAccountWithoutClientIdFails() throws IOException {
        var sa = client.serviceAccounts()
                .inNamespace(CheckCluster.NS)
                .withName("prometheus")
                .get();
        sa.getMetadata().getAnnotations().remove("azure.workload.identity/client-id");
        client.serviceAccounts().inNamespace(CheckCluster.NS).resource(sa).update();
        Run r = check(DAY_AFTER);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "[fail] identity pod team-a/prom-0: ServiceAccount team-a/prometheus has no azure.workload.identity/client-id");
        assertGolden("sa-without-client-id.txt", r.out());
    }

    @Test
    void aPodThatMissedInjectionFailsWithTheRestartCommand() throws IOException {
        client.pods()
                .inNamespace(CheckCluster.NS)
                .resource(CheckCluster.prometheus("prom-1").build())
                .create();
        Run r = check(DAY_AFTER);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("[fail] injection pod team-a/prom-1: missed injection")
                .contains(
                        "fix: kubectl rollout restart statefulset/prometheus-k8s -n team-a (or kubectl delete pod prom-1 -n team-a)");
        assertGolden("missed-injection.txt", r.out());
    }

    @Test
    void aProxyNotReadyFailsAndShowsItsTokenAndUpstreamState() throws IOException {
        client.pods()
                .inNamespace(CheckCluster.NS)
                .resource(CheckCluster.injected("prom-2", false))
                .create();
        cluster.ready(
                "prom-2",
                503,
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"token\",\"status\":\"DOWN\",\"gating\":false,"
                        + "\"detail\":\"AADSTS700213: no matching federated identity record found for presented assertion subject\"}],"
                        + "\"upstream\":{\"status\":401,\"time\":\"2026-06-02T00:58:00Z\",\"reason\":\"token rejected\"}}");
        Run r = check(DAY_AFTER, "--pod", "team-a/prom-2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("[fail] proxy container pod team-a/prom-2: not Ready (running, restarts 3)")
                .contains("[fail] proxy /ready pod team-a/prom-2: HTTP 503 DOWN; token: DOWN AADSTS700213")
                .contains("upstream: 401 at 2026-06-02T00:58:00Z (token rejected)")
                .doesNotContain("prom-0");
        assertGolden("proxy-not-ready.txt", r.out());
    }

    @Test
    void aProxyFromAnOlderWebhookWarnsWithItsVersion() {
        var old = CheckCluster.injected("prom-old", true);
        old.getMetadata().getAnnotations().put("azmon-rw.io/status", CheckCluster.STATUS.replace("0.1.0", "0.0.9"));
        client.pods().inNamespace(CheckCluster.NS).resource(old).create();
        cluster.ready("prom-old", 200, CheckCluster.READY_UP);
        Run r = check(DAY_AFTER, "--namespace", CheckCluster.NS);
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("[ok]   injection pod team-a/prom-old: injected (already_injected) by webhook version 0.0.9")
                .contains(
                        "[warn] versions proxies: webhook is 0.1.0; injections from other versions: team-a/prom-old (0.0.9)");
    }

    @Test
    void anUnreachableClusterIsOneLineAndExitTwo() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var dead = new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withRequestTimeout(2000)
                .withConnectionTimeout(2000)
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (KubernetesClient c = CheckCommand.client(dead)) {
            int code = CheckCommand.run(
                    CheckOptions.parse(new String[0]),
                    c,
                    DAY_AFTER,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(2);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("check: cannot reach the cluster at http://127.0.0.1:" + port)
                .hasLineCount(1);
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckCommand.run(
                new String[] {"check", "--pod", "no-slash"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("check: --pod takes NAMESPACE/NAME, not 'no-slash'" + System.lineSeparator());
    }
}
