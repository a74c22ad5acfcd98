package io.azmonrw.webhook.server;

import static io.azmonrw.webhook.server.WebhookTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.azmonrw.common.metrics.MetricsSetup;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.WebhookVerticle;
import io.azmonrw.webhook.k8s.KubernetesClients;
import io.azmonrw.webhook.tls.TestCerts;
import io.azmonrw.webhook.tls.TlsPolicy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.zjsonpatch.JsonPatch;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTPS server with a generated certificate, the informer lookups against KubernetesMockServer (CRUD). */
@EnableKubernetesMockClient(crud = true, https = false)
class WebhookServerIT {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    static Path dir;

    private static final HttpClient PLAIN = WebhookTestSupport.plainClient();
    private static Vertx vertx;
    private static KubernetesClient bounded;
    private static WebhookVerticle verticle;
    private static TestCerts.Issued cert;
    private static HttpClient https;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("monitoring")
                        .addToLabels("azmon-rw.io/injection", "enabled")
                        .endMetadata()
                        .build())
                .createOr(NonDeletingOperation::update);
        client.serviceAccounts()
                .inNamespace("monitoring")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("kps-prometheus")
                        .withNamespace("monitoring")
                        .addToAnnotations("azure.workload.identity/client-id", "cid-from-sa")
                        .endMetadata()
                        .build())
                .createOr(NonDeletingOperation::update);
        client.serviceAccounts()
                .inNamespace("monitoring")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("no-identity")
                        .withNamespace("monitoring")
                        .endMetadata()
                        .build())
                .createOr(NonDeletingOperation::update);

        // the ServiceAccounts of the fixtures under src/test/resources/pods, with an identity
        for (String sa : List.of(
                "kube-prometheus-stack-prometheus", "prometheus-server", "kube-prometheus-stack-agent", "default")) {
            client.serviceAccounts()
                    .inNamespace("monitoring")
                    .resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(sa)
                            .withNamespace("monitoring")
                            .addToAnnotations("azure.workload.identity/client-id", "cid-" + sa)
                            .endMetadata()
                            .build())
                    .createOr(NonDeletingOperation::update);
        }
        cert = TestCerts.rsa("azmon-rw-webhook.test");
        TestCerts.writePlain(cert, dir.resolve("tls.crt"), dir.resolve("tls.key"));
        WebhookConfig config = WebhookConfig.fromEnv(
                env(dir.resolve("tls.crt").toString(), dir.resolve("tls.key").toString(), "5s"));
        registry = MetricsSetup.registry(java.util.Map.of());
        vertx = MetricsSetup.vertx(registry, new io.vertx.core.VertxOptions());
        bounded = KubernetesClients.create(client.getConfiguration(), config.apiTimeout());
        verticle = new WebhookVerticle(config, registry, bounded, "test-instance", Duration.ofMillis(200));
        vertx.deployVerticle(verticle).await();
        https = https(cert);
        await("readiness", Duration.ofSeconds(30), () -> status(mgmt("/readyz")) == 200);
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close().await();
        }
        if (bounded != null) {
            bounded.close();
        }
    }

    private static HttpResponse<String> mgmt(String path) {
        try {
            return get(PLAIN, "http://127.0.0.1:" + verticle.managementPort() + path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(HttpResponse<String> r) {
        return r.statusCode();
    }

    private static HttpResponse<String> mutate(JsonObject review) throws Exception {
        return post(https, verticle.webhookPort(), "/mutate", review.toBuffer().getBytes());
    }

    @Test
    void injectsWithTheClientIdFromTheServiceAccountOverTlsV1() throws Exception {
        String uid = uid();
        HttpResponse<String> r =
                mutate(review("admission.k8s.io/v1", uid, "monitoring", prometheusPod("kps-prometheus")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("apiVersion")).isEqualTo("admission.k8s.io/v1");
        assertThat(body.getString("kind")).isEqualTo("AdmissionReview");
        JsonObject resp = body.getJsonObject("response");
        assertThat(resp.getString("uid")).isEqualTo(uid);
        assertThat(resp.getBoolean("allowed")).isTrue();
        assertThat(resp.getString("patchType")).isEqualTo("JSONPatch");
        String patch = patch(body).encode();
        assertThat(patch).contains("prom-remotewrite").contains("cid-from-sa").contains("tenant-default");
    }

    /** Every fixture, in both review versions, over TLS; the patch applied by zjsonpatch (not our diff code) and checked. */
    @Test
    void everyFixtureOverTls() throws Exception {
        Map<String, Boolean> expectInjected = new java.util.TreeMap<>();
        for (String f : List.of(
                "kps-prometheus",
                "prometheus-agent",
                "chart-prometheus",
                "empty-service-account",
                "forced-in-with-overrides",
                "invalid-resources",
                "native-sidecar",
                "azure-wi-older",
                "azure-wi-v1.6")) {
            expectInjected.put(f, true);
        }
        for (String f : List.of(
                "already-injected",
                "manual-remotewrite",
                "host-network",
                "opt-out-annotation",
                "opt-out-label",
                "not-prometheus")) {
            expectInjected.put(f, false);
        }
        ObjectMapper mapper = new ObjectMapper();
        for (Map.Entry<String, Boolean> e : expectInjected.entrySet()) {
            String raw = Files.readString(Path.of("src/test/resources/pods/" + e.getKey() + ".json"));
            for (String version : List.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1")) {
                String uid = uid();
                HttpResponse<String> r = mutate(review(version, uid, "monitoring", new JsonObject(raw)));
                String what = e.getKey() + " " + version;
                assertThat(r.statusCode()).as(what).isEqualTo(200);
                JsonObject body = new JsonObject(r.body());
                assertThat(body.getString("apiVersion")).as(what).isEqualTo(version);
                JsonObject resp = body.getJsonObject("response");
                assertThat(resp.getString("uid")).as(what).isEqualTo(uid);
                assertThat(resp.getBoolean("allowed")).as(what).isTrue();
                JsonArray patch = patch(body);
                if (!e.getValue()) {
                    assertThat(patch == null || patch.isEmpty())
                            .as(what + ": no patch")
                            .isTrue();
                    continue;
                }
                assertThat(patch).as(what).isNotNull();
                JsonNode patched = JsonPatch.apply(mapper.readTree(patch.encode()), mapper.readTree(raw));
                List<JsonNode> proxies = new java.util.ArrayList<>();
                for (String list : List.of("containers", "initContainers")) {
                    for (JsonNode c : patched.path("spec").path(list)) {
                        if ("prom-remotewrite".equals(c.path("name").asText())) {
                            proxies.add(c);
                        }
                    }
                }
                assertThat(proxies).as(what + ": one proxy container").hasSize(1);
                assertThat(patched.path("metadata")
                                .path("labels")
                                .path("azure.workload.identity/use")
                                .asText())
                        .as(what)
                        .isEqualTo("true");
                assertThat(patched.path("metadata").path("annotations").has("azmon-rw.io/status"))
                        .as(what)
                        .isTrue();
                if (e.getKey().equals("native-sidecar")) {
                    assertThat(proxies.get(0).path("restartPolicy").asText())
                            .as(what)
                            .isEqualTo("Always");
                }
            }
        }
    }

    @Test
    void answersV1beta1InKind() throws Exception {
        String uid = uid();
        HttpResponse<String> r =
                mutate(review("admission.k8s.io/v1beta1", uid, "monitoring", prometheusPod("kps-prometheus")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("apiVersion")).isEqualTo("admission.k8s.io/v1beta1");
        assertThat(body.getJsonObject("response").getString("uid")).isEqualTo(uid);
        assertThat(patch(body).encode()).contains("cid-from-sa");
    }

    @Test
    void missingIdentityAllowsWithAWarningAndAnEventOnTheStatefulSet() throws Exception {
        HttpResponse<String> r =
                mutate(review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("no-identity")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject resp = new JsonObject(r.body()).getJsonObject("response");
        assertThat(resp.getBoolean("allowed")).isTrue();
        assertThat(resp.getString("patch")).isNull();
        assertThat(resp.getJsonArray("warnings").encode()).contains("azure.workload.identity/client-id");
        await(
                "an Event on the StatefulSet",
                Duration.ofSeconds(10),
                () -> events().stream()
                        .anyMatch(
                                e -> "StatefulSet".equals(e.getInvolvedObject().getKind())
                                        && "prometheus-kps-prometheus"
                                                .equals(e.getInvolvedObject().getName())
                                        && "Warning".equals(e.getType())
                                        && e.getMessage().contains("azure.workload.identity/client-id")));
        // the same pod again within the window: no second event
        mutate(review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("no-identity")));
        Thread.sleep(500);
        assertThat(events().stream()
                        .filter(e -> "prometheus-kps-prometheus"
                                .equals(e.getInvolvedObject().getName())))
                .hasSize(1);
    }

    private static List<Event> events() {
        return client.v1().events().inNamespace("monitoring").list().getItems();
    }

    @Test
    void badInputIs400WithAOneLineReason() throws Exception {
        JsonObject good = review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("kps-prometheus"));
        JsonObject wrongVersion = good.copy().put("apiVersion", "admission.k8s.io/v2");
        JsonObject wrongKind = good.copy().put("kind", "TokenReview");
        JsonObject noUid = good.copy();
        noUid.getJsonObject("request").remove("uid");
        JsonObject noRequest = good.copy();
        noRequest.remove("request");
        JsonObject notAPod = good.copy();
        notAPod.getJsonObject("request")
                .put(
                        "object",
                        new JsonObject()
                                .put("apiVersion", "v1")
                                .put("kind", "Pod")
                                .put("spec", new JsonObject().put("containers", "not-a-list")));
        List<byte[]> bodies = List.of(
                "this is not json".getBytes(StandardCharsets.UTF_8),
                "[1,2]".getBytes(StandardCharsets.UTF_8),
                wrongVersion.toBuffer().getBytes(),
                wrongKind.toBuffer().getBytes(),
                noUid.toBuffer().getBytes(),
                noRequest.toBuffer().getBytes(),
                notAPod.toBuffer().getBytes(),
                new byte[0]);
        for (byte[] b : bodies) {
            HttpResponse<String> r = post(https, verticle.webhookPort(), "/mutate", b);
            assertThat(r.statusCode()).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(400);
            JsonObject err = new JsonObject(r.body());
            assertThat(err.getInteger("status")).isEqualTo(400);
            assertThat(err.getString("message")).isNotBlank().doesNotContain("\n");
        }
    }

    @Test
    void bodiesOver3MiBAre413() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r;
        try {
            r = post(https, verticle.webhookPort(), "/mutate", big);
        } catch (IOException e) {
            throw new AssertionError("expected a 413 response, got " + e, e);
        }
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void otherRoutesAre404And405() throws Exception {
        assertThat(post(https, verticle.webhookPort(), "/validate", "{}".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(404);
        assertThat(get(https, "https://127.0.0.1:" + verticle.webhookPort() + "/mutate")
                        .statusCode())
                .isEqualTo(405);
    }

    @Test
    void plainHttpToTheWebhookPortIsRefused() throws Exception {
        String answer = plainHttp(verticle.webhookPort());
        assertThat(answer).doesNotContain("HTTP/1.");
    }

    @Test
    void onlyModernTlsIsAccepted() throws Exception {
        javax.net.ssl.SSLContext ctx = trusting(cert.certificate());
        // a CBC suite with TLS 1.2: refused
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", verticle.webhookPort()), 5000);
            s.setSoTimeout(5000);
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"});
            org.assertj.core.api.Assertions.assertThatThrownBy(s::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class);
        }
        // ECDHE + AES-GCM with TLS 1.2, and TLS 1.3: accepted
        for (String[] pc : new String[][] {
            {"TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, {"TLSv1.3", "TLS_AES_128_GCM_SHA256"}
        }) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress("127.0.0.1", verticle.webhookPort()), 5000);
                s.setSoTimeout(5000);
                s.setEnabledProtocols(new String[] {pc[0]});
                s.setEnabledCipherSuites(new String[] {pc[1]});
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo(pc[0]);
                assertThat(TlsPolicy.CIPHER_SUITES).contains(s.getSession().getCipherSuite());
            }
        }
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        mutate(review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("kps-prometheus")));
        assertThat(mgmt("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = mgmt("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonArray checks = new JsonObject(ready.body()).getJsonArray("checks");
        assertThat(checks.encode()).contains("\"tls\"").contains("\"caches\"");
        String metrics = mgmt("/metrics").body();
        assertThat(metrics).contains("azmon_rw_webhook_admissions_total{outcome=\"injected\",reason=\"injected\"}");
        assertThat(metrics).contains("azmon_rw_webhook_admission_duration_seconds_bucket{le=\"0.005\"}");
        assertThat(metrics).contains("azmon_rw_webhook_informers_synced 1.0");
        assertThat(metrics).contains("azmon_rw_webhook_tls_certificate_expiry_timestamp_seconds");
        double injected = value(metrics, "azmon_rw_webhook_admissions_total{outcome=\"injected\",reason=\"injected\"}");
        mutate(review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("kps-prometheus")));
        mutate(review("admission.k8s.io/v1", uid(), "monitoring", prometheusPod("kps-prometheus")));
        double after = value(
                mgmt("/metrics").body(), "azmon_rw_webhook_admissions_total{outcome=\"injected\",reason=\"injected\"}");
        assertThat(after).isGreaterThanOrEqualTo(injected + 2);
        post(https, verticle.webhookPort(), "/mutate", "nope".getBytes(StandardCharsets.UTF_8));
        assertThat(mgmt("/metrics").body())
                .contains("azmon_rw_webhook_admissions_total{outcome=\"error\",reason=\"bad_admission_review\"}");
    }

    private static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in metrics");
    }
}
