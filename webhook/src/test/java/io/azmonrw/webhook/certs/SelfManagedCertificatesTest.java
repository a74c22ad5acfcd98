package io.azmonrw.webhook.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SelfManagedCertificates against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class SelfManagedCertificatesTest {
    private static final String NS = "azmon-rw-system";
    private static final String SECRET = "azmon-rw-webhook-tls";
    private static final String MWC = "azmon-rw-webhook";
    private static final String SVC = "azmon-rw-webhook";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RENEW = Duration.ofDays(30);

    static {
        // the mock server logs every request at INFO through JUL: too loud for a CI log
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void cluster() {
        client.secrets().inNamespace(NS).withName(SECRET).delete();
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(MWC)
                .delete();
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .resource(webhookConfig())
                .create();
    }

    @Test
    void emptySecretGetsACertificateStoredAndTrustedByEveryWebhookEntry() throws Exception {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(SECRET)
                        .withNamespace(NS)
                        .endMetadata()
                        .withType("Opaque")
                        .build())
                .create();

        var outcome = instance(dir.resolve("a"), T0).ensure();

        assertThat(outcome.action()).isEqualTo(SelfManagedCertificates.Action.GENERATED);
        assertThat(outcome.caBundlePatched()).isTrue();
        assertThat(outcome.filesWritten()).isTrue();
        Map<String, String> data = secret().getData();
        assertThat(data).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
        assertServedAndTrusted(dir.resolve("a"), data);

        X509Certificate leaf = parse(decode(data.get("tls.crt"))).get(0);
        assertThat(CertificateBundle.dnsNames(leaf))
                .containsExactlyInAnyOrder(
                        "azmon-rw-webhook",
                        "azmon-rw-webhook.azmon-rw-system",
                        "azmon-rw-webhook.azmon-rw-system.svc",
                        "azmon-rw-webhook.azmon-rw-system.svc.cluster.local");
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(T0.plus(SelfManagedCertificates.DEFAULT_LIFETIME));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        X509Certificate ca = parse(decode(data.get("ca.crt"))).get(0);
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
    }

    @Test
    void missingSecretIsCreated() throws Exception {
        var outcome = instance(dir, T0).ensure();

        assertThat(outcome.action()).isEqualTo(SelfManagedCertificates.Action.GENERATED);
        assertThat(secret().getType()).isEqualTo("kubernetes.io/tls");
        assertServedAndTrusted(dir, secret().getData());
    }

    @Test
    void validSecretIsReusedWithoutTouchingTheSecretOrTheWebhookConfig() throws Exception {
        instance(dir.resolve("first"), T0).ensure();
        Secret before = secret();
        String mwcVersion = webhookConfigNow().getMetadata().getResourceVersion();

        var outcome =
                instance(dir.resolve("second"), T0.plus(Duration.ofDays(100))).ensure();

        assertThat(outcome.action()).isEqualTo(SelfManagedCertificates.Action.REUSED);
        assertThat(outcome.caBundlePatched()).isFalse();
        assertThat(secret().getData()).isEqualTo(before.getData());
        assertThat(secret().getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(webhookConfigNow().getMetadata().getResourceVersion()).isEqualTo(mwcVersion);
        assertThat(Files.readString(dir.resolve("second/tls.crt")))
                .isEqualTo(decode(before.getData().get("tls.crt")));
    }

    @Test
    void secondRunWithNothingChangedWritesNoFiles() {
        var a = instance(dir, T0);
        a.ensure();
        var again = a.ensure();
        assertThat(again.action()).isEqualTo(SelfManagedCertificates.Action.REUSED);
        assertThat(again.filesWritten()).isFalse();
        assertThat(again.caBundlePatched()).isFalse();
    }

    @Test
    void certificateExpiringWithinTheThresholdIsRotatedAndTheOldCaStaysTrustedMeanwhile() throws Exception {
        instance(dir, T0).ensure();
        Map<String, String> old = secret().getData();
        X509Certificate oldCa = parse(decode(old.get("ca.crt"))).get(0);
        // 365-day certificate, 30-day threshold: day 340 is inside the renewal window
        Instant later = T0.plus(Duration.ofDays(340));

        var outcome = instance(dir, later).ensure();

        assertThat(outcome.action()).isEqualTo(SelfManagedCertificates.Action.GENERATED);
        assertThat(outcome.caBundlePatched()).isTrue();
        Map<String, String> fresh = secret().getData();
        assertThat(fresh.get("tls.crt")).isNotEqualTo(old.get("tls.crt"));
        assertThat(parse(decode(fresh.get("tls.crt"))).get(0).getNotAfter().toInstant())
                .isEqualTo(later.plus(Duration.ofDays(365)));
        assertServedAndTrusted(dir, fresh);
        // the bundle holds the new CA first, then the old one: a replica still serving the old certificate stays
        // trusted
        List<X509Certificate> trust = parse(decode(fresh.get("ca.crt")));
        assertThat(trust).hasSize(2);
        assertThat(trust.get(1)).isEqualTo(oldCa);
        parse(decode(old.get("tls.crt"))).get(0).verify(trust.get(1).getPublicKey());
    }

    @Test
    void garbageInTheSecretIsReplaced() throws Exception {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(SECRET)
                        .withNamespace(NS)
                        .endMetadata()
                        .withType("Opaque")
                        .withData(Map.of(
                                "ca.crt", b64("not a certificate"), "tls.crt", b64("nope"), "tls.key", b64("nope")))
                        .build())
                .create();

        var outcome = instance(dir, T0).ensure();

        assertThat(outcome.action()).isEqualTo(SelfManagedCertificates.Action.GENERATED);
        assertThat(parse(decode(secret().getData().get("ca.crt")))).hasSize(1);
        assertServedAndTrusted(dir, secret().getData());
    }

    @Test
    void certificateForAnotherServiceIsReplaced() throws Exception {
        new SelfManagedCertificates(
                        client,
                        NS,
                        SECRET,
                        MWC,
                        "other-service",
                        dir.resolve("x/tls.crt"),
                        dir.resolve("x/tls.key"),
                        RENEW,
                        Clock.fixed(T0, ZoneOffset.UTC))
                .ensure();
        var outcome = instance(dir, T0).ensure();
        assertThat(outcome.action()).isEqualTo(SelfManagedCertificates.Action.GENERATED);
        assertThat(CertificateBundle.dnsNames(
                        parse(Files.readString(dir.resolve("tls.crt"))).get(0)))
                .contains("azmon-rw-webhook.azmon-rw-system.svc");
    }

    @Test
    void serviceNameIsReadFromTheWebhookConfigWhenNotGiven() throws Exception {
        new SelfManagedCertificates(
                        client,
                        NS,
                        SECRET,
                        MWC,
                        null,
                        dir.resolve("tls.crt"),
                        dir.resolve("tls.key"),
                        RENEW,
                        Clock.fixed(T0, ZoneOffset.UTC))
                .ensure();
        assertThat(CertificateBundle.dnsNames(
                        parse(Files.readString(dir.resolve("tls.crt"))).get(0)))
                .contains("azmon-rw-webhook.azmon-rw-system.svc.cluster.local");
    }

    @Test
    void twoReplicasRacingEndWithOneCertificateUsedByBothAndTrustedByTheCaBundle() throws Exception {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(SECRET)
                        .withNamespace(NS)
                        .endMetadata()
                        .withType("Opaque")
                        .build())
                .create();
        // both read the empty Secret and generate before either writes: exactly one write can succeed
        var bothGenerated = new CyclicBarrier(2);
        SelfManagedCertificates.Generator generateThenWait = (service, namespace, now, lifetime, previousCa) -> {
            CertificateBundle bundle = CertificateGenerator.generate(service, namespace, now, lifetime, previousCa);
            try {
                bothGenerated.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return bundle;
        };
        var a = instance(dir.resolve("pod-a"), generateThenWait);
        var b = instance(dir.resolve("pod-b"), generateThenWait);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SelfManagedCertificates.Outcome> fa = pool.submit(a::ensure);
            Future<SelfManagedCertificates.Outcome> fb = pool.submit(b::ensure);
            var outcomes = List.of(fa.get(30, TimeUnit.SECONDS), fb.get(30, TimeUnit.SECONDS));
            assertThat(outcomes)
                    .extracting(SelfManagedCertificates.Outcome::action)
                    .containsExactlyInAnyOrder(
                            SelfManagedCertificates.Action.GENERATED, SelfManagedCertificates.Action.ADOPTED);
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> data = secret().getData();
        assertThat(Files.readString(dir.resolve("pod-a/tls.crt")))
                .isEqualTo(Files.readString(dir.resolve("pod-b/tls.crt")));
        assertThat(Files.readString(dir.resolve("pod-a/tls.key")))
                .isEqualTo(Files.readString(dir.resolve("pod-b/tls.key")));
        assertServedAndTrusted(dir.resolve("pod-a"), data);
        assertServedAndTrusted(dir.resolve("pod-b"), data);
    }

    /** The files hold the Secret's certificate and key, and every webhook entry's caBundle verifies that certificate. */
    private void assertServedAndTrusted(Path podDir, Map<String, String> data) throws Exception {
        String certPem = Files.readString(podDir.resolve("tls.crt"));
        assertThat(certPem).isEqualTo(decode(data.get("tls.crt")));
        assertThat(Files.readString(podDir.resolve("tls.key"))).isEqualTo(decode(data.get("tls.key")));
        X509Certificate served = parse(certPem).get(0);
        List<MutatingWebhook> hooks = webhookConfigNow().getWebhooks();
        assertThat(hooks).hasSize(2);
        for (MutatingWebhook hook : hooks) {
            String caBundle = hook.getClientConfig().getCaBundle();
            assertThat(caBundle).isEqualTo(data.get("ca.crt"));
            served.verify(parse(decode(caBundle)).get(0).getPublicKey());
        }
    }

    private SelfManagedCertificates instance(Path podDir, Instant now) {
        return new SelfManagedCertificates(
                client,
                NS,
                SECRET,
                MWC,
                SVC,
                podDir.resolve("tls.crt"),
                podDir.resolve("tls.key"),
                RENEW,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private SelfManagedCertificates instance(Path podDir, SelfManagedCertificates.Generator generator) {
        return new SelfManagedCertificates(
                client,
                NS,
                SECRET,
                MWC,
                SVC,
                podDir.resolve("tls.crt"),
                podDir.resolve("tls.key"),
                RENEW,
                SelfManagedCertificates.DEFAULT_LIFETIME,
                Clock.fixed(T0, ZoneOffset.UTC),
                generator);
    }

    private Secret secret() {
        return client.secrets().inNamespace(NS).withName(SECRET).get();
    }

    private MutatingWebhookConfiguration webhookConfigNow() {
        return client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(MWC)
                .get();
    }

    private static MutatingWebhookConfiguration webhookConfig() {
        var hooks = new ArrayList<MutatingWebhook>();
        for (String name : List.of("inject.azmon-rw.io", "inject-second.azmon-rw.io")) {
            hooks.add(new io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder()
                    .withName(name)
                    .withNewClientConfig()
                    .withNewService()
                    .withName(SVC)
                    .withNamespace(NS)
                    .withPath("/mutate")
                    .withPort(443)
                    .endService()
                    .endClientConfig()
                    .withSideEffects("None")
                    .withAdmissionReviewVersions("v1")
                    .build());
        }
        return new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(MWC)
                .endMetadata()
                .withWebhooks(hooks)
                .build();
    }

    private static List<X509Certificate> parse(String pem) throws Exception {
        var out = new ArrayList<X509Certificate>();
        for (var c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
