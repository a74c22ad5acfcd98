package io.azmonrw.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.http.HttpError;
import io.azmonrw.webhook.InjectedParts;
import io.azmonrw.webhook.InjectedParts.Expected;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.TestVertx;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdmissionServiceTest {
    private static final String V1 = "admission.k8s.io/v1";
    private static final String SA_CLIENT_ID = "3c1a7a44-9d0e-4b1f-8c2d-5e6f7a8b9c0d";

    private final MapClusterLookup lookup = new MapClusterLookup()
            .serviceAccount(
                    "monitoring",
                    "kube-prometheus-stack-prometheus",
                    Map.of("azure.workload.identity/client-id", SA_CLIENT_ID))
            .serviceAccount(
                    "monitoring",
                    "kube-prometheus-stack-agent",
                    Map.of("azure.workload.identity/client-id", SA_CLIENT_ID))
            .serviceAccount(
                    "monitoring", "prometheus-server", Map.of("azure.workload.identity/client-id", SA_CLIENT_ID))
            .serviceAccount("monitoring", "default", Map.of("azure.workload.identity/client-id", SA_CLIENT_ID));
    private final List<String> events = new ArrayList<>();
    private final AdmissionEvents recorder = (pod, ns, message) -> events.add(ns + ": " + message);

    private AdmissionService service(Map<String, String> env) {
        return new AdmissionService(TestVertx.shared(), TestPods.config(env), lookup, recorder);
    }

    private static AdmissionResult await(Future<AdmissionResult> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JsonNode patchOf(AdmissionResult r) throws Exception {
        JsonObject resp = r.review().getJsonObject("response");
        if (!resp.containsKey("patch")) {
            return TestPods.JSON.createArrayNode();
        }
        assertThat(resp.getString("patchType")).isEqualTo("JSONPatch");
        return TestPods.JSON.readTree(Base64.getDecoder().decode(resp.getString("patch")));
    }

    private AdmissionResult admit(AdmissionService s, JsonNode pod) throws Exception {
        return await(s.review(TestPods.body(TestPods.review(V1, "uid-1", "CREATE", pod, false))));
    }

    @ParameterizedTest
    @CsvSource({
        "kps-prometheus.json, false",
        "prometheus-agent.json, false",
        "chart-prometheus.json, false",
        "empty-service-account.json, false",
        "azure-wi-older.json, false",
        "azure-wi-v1.6.json, false",
        "native-sidecar.json, true"
    })
    void injectsPrometheusPodsWithAValidIdempotentPatch(String fixture, boolean nativeSidecar) throws Exception {
        AdmissionService s = service(Map.of());
        ObjectNode raw = TestPods.pod(fixture);
        AdmissionResult r = admit(s, raw);

        assertThat(r.outcome()).isEqualTo(Outcome.INJECTED);
        JsonObject resp = r.review().getJsonObject("response");
        assertThat(r.review().getString("apiVersion")).isEqualTo(V1);
        assertThat(r.review().getString("kind")).isEqualTo("AdmissionReview");
        assertThat(resp.getString("uid")).isEqualTo("uid-1");
        assertThat(resp.getBoolean("allowed")).isTrue();
        JsonNode patched = PatchChecks.applyAndCheck(raw, patchOf(r));
        Pod pod = PatchChecks.toPod(patched);
        InjectedParts.check(pod, Expected.defaults(SA_CLIENT_ID, nativeSidecar));
        // every container that was there is byte-for-byte what it was (Azure's env and mounts included)
        for (String list : List.of("containers", "initContainers")) {
            JsonNode before = raw.path("spec").path(list);
            for (int i = 0; i < before.size(); i++) {
                assertThat(patched.path("spec").path(list).get(i)).isEqualTo(before.get(i));
            }
        }
        assertThat(patched.path("metadata").has("namespace"))
                .as("no namespace added")
                .isFalse();
        assertThat(patched.path("metadata").path("managedFields"))
                .isEqualTo(raw.path("metadata").path("managedFields"));

        AdmissionResult again = admit(s, patched);
        assertThat(patchOf(again)).as("reinvocation gives no patch").isEmpty();
        assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(again.reason()).isEqualTo("already_injected");
    }

    @Test
    void nativeSidecarGoesAfterInitConfigReloaderWhichAlsoListensOn8081() throws Exception {
        lookup.nativeSupported = true;
        AdmissionResult r = admit(service(Map.of("SIDECAR_MODE", "auto")), TestPods.pod("kps-prometheus.json"));
        Pod pod = PatchChecks.toPod(PatchChecks.applyAndCheck(TestPods.pod("kps-prometheus.json"), patchOf(r)));
        assertThat(pod.getSpec().getInitContainers())
                .extracting(c -> c.getName())
                .containsExactly("init-config-reloader", "prom-remotewrite");
        assertThat(pod.getSpec().getContainers())
                .extracting(c -> c.getName())
                .containsExactly("prometheus", "config-reloader");

        ObjectNode optOutOfNative = TestPods.pod("kps-prometheus.json");
        ((ObjectNode) optOutOfNative.path("metadata").path("annotations")).put("azmon-rw.io/native-sidecar", "false");
        Pod plain = PatchChecks.toPod(PatchChecks.applyAndCheck(
                optOutOfNative, patchOf(admit(service(Map.of("SIDECAR_MODE", "auto")), optOutOfNative))));
        assertThat(plain.getSpec().getContainers())
                .extracting(c -> c.getName())
                .containsExactly("prometheus", "config-reloader", "prom-remotewrite");
    }

    @Test
    void invalidResourceAnnotationsFallBackToDefaultsWithWarnings() throws Exception {
        ObjectNode raw = TestPods.pod("invalid-resources.json");
        AdmissionResult r = admit(service(Map.of()), raw);
        assertThat(r.outcome()).isEqualTo(Outcome.INJECTED);
        Pod pod = PatchChecks.toPod(PatchChecks.applyAndCheck(raw, patchOf(r)));
        // cpu request 'lots' is invalid -> 50m; cpu limit 2 is valid; memory 1Gi > 512Mi -> both defaults
        InjectedParts.check(
                pod,
                new Expected(
                        "registry.example/azmon-rw-proxy:1.2.3",
                        TestPods.INGESTION_URL,
                        SA_CLIENT_ID,
                        TestPods.TENANT_ID,
                        false,
                        "50m",
                        "2",
                        "128Mi",
                        "256Mi"));
        List<String> warnings = warnings(r);
        assertThat(warnings)
                .anySatisfy(w ->
                        assertThat(w).contains("azmon-rw.io/proxy-cpu-request").contains("lots"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("memory request 1Gi is above memory limit 512Mi"));
    }

    @Test
    void podAnnotationsOverrideServiceAccountAndDefaultsWithoutAnyLookup() throws Exception {
        ObjectNode raw = TestPods.pod("forced-in-with-overrides.json");
        AdmissionResult r = admit(service(Map.of()), raw);
        Pod pod = PatchChecks.toPod(PatchChecks.applyAndCheck(raw, patchOf(r)));
        InjectedParts.check(
                pod,
                new Expected(
                        "registry.example/azmon-rw-proxy:1.2.3",
                        "https://pod-override.example/ingest",
                        "99999999-8888-7777-6666-555555555555",
                        "ffffffff-0000-1111-2222-333333333333",
                        false,
                        "50m",
                        "500m",
                        "128Mi",
                        "256Mi"));
        assertThat(lookup.calls.get()).isZero();
    }

    @Test
    void namespaceAnnotationOverridesTheDefaultIngestionUrl() throws Exception {
        lookup.namespaces.put(
                "monitoring",
                new ObjectMetaBuilder()
                        .withName("monitoring")
                        .addToAnnotations("azmon-rw.io/ingestion-url", "https://ns-override.example/write")
                        .build());
        ObjectNode raw = TestPods.pod("kps-prometheus.json");
        Pod pod = PatchChecks.toPod(PatchChecks.applyAndCheck(raw, patchOf(admit(service(Map.of()), raw))));
        assertThat(PatchChecks.proxy(pod).getEnv().get(0).getValue()).isEqualTo("https://ns-override.example/write");
    }

    @Test
    void defaultClientIdIsUsedWhenTheServiceAccountHasNone() throws Exception {
        lookup.serviceAccounts.clear();
        ObjectNode raw = TestPods.pod("kps-prometheus.json");
        AdmissionResult r = admit(service(Map.of("DEFAULT_CLIENT_ID", "dddddddd-1111-2222-3333-444444444444")), raw);
        Pod pod = PatchChecks.toPod(PatchChecks.applyAndCheck(raw, patchOf(r)));
        InjectedParts.check(pod, Expected.defaults("dddddddd-1111-2222-3333-444444444444", false));
    }

    @Test
    void noClientIdAnywhereAllowsWithoutProxyWithWarningAndEvent() throws Exception {
        lookup.serviceAccounts.clear();
        AdmissionResult r = admit(service(Map.of()), TestPods.pod("kps-prometheus.json"));
        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.reason()).isEqualTo("no_client_id");
        assertThat(patchOf(r)).isEmpty();
        assertThat(r.review().getJsonObject("response").getBoolean("allowed")).isTrue();
        assertThat(warnings(r))
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains("monitoring/kube-prometheus-stack-prometheus")
                        .contains("azure.workload.identity/client-id")
                        .hasSizeLessThan(256));
        assertThat(events)
                .singleElement()
                .satisfies(e -> assertThat(e).startsWith("monitoring: ").contains("azure.workload.identity/client-id"));
    }

    @Test
    void theExamplesPlaceholderClientIdSkipsThePodWithAMessageNamingIt() throws Exception {
        // manifests/examples/prometheus-serviceaccount.yaml, applied as shipped
        lookup.serviceAccount(
                "monitoring",
                "kube-prometheus-stack-prometheus",
                Map.of(
                        "azure.workload.identity/client-id", "00000000-0000-0000-0000-000000000000",
                        "azure.workload.identity/tenant-id", "<your-tenant-id>"));
        AdmissionResult r = admit(service(Map.of()), TestPods.pod("kps-prometheus.json"));
        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.reason()).isEqualTo("no_client_id");
        assertThat(patchOf(r)).isEmpty();
        assertThat(warnings(r))
                .anySatisfy(w -> assertThat(w)
                        .contains("placeholder")
                        .contains("00000000-0000-0000-0000-000000000000")
                        .contains("monitoring/kube-prometheus-stack-prometheus"));
        assertThat(events).singleElement().satisfies(e -> assertThat(e).contains("placeholder"));
    }

    @Test
    void aPlaceholderTenantIdIsIgnoredWithAWarningForTheDefaultOne() throws Exception {
        lookup.serviceAccount(
                "monitoring",
                "kube-prometheus-stack-prometheus",
                Map.of(
                        "azure.workload.identity/client-id", "0b5c8f0e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
                        "azure.workload.identity/tenant-id", "<your-tenant-id>"));
        ObjectNode raw = TestPods.pod("kps-prometheus.json");
        AdmissionResult r = admit(service(Map.of()), raw);
        assertThat(r.outcome()).isEqualTo(Outcome.INJECTED);
        assertThat(warnings(r))
                .anySatisfy(w -> assertThat(w).contains("<your-tenant-id>").contains("placeholder"));
        Pod pod = PatchChecks.toPod(PatchChecks.applyAndCheck(raw, patchOf(r)));
        assertThat(PatchChecks.proxy(pod).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("AZURE_TENANT_ID");
            assertThat(e.getValue()).isEqualTo(TestPods.TENANT_ID);
        });
    }

    @Test
    void dryRunGetsTheSameAnswerAndNoEvent() throws Exception {
        AdmissionService s = service(Map.of());
        ObjectNode raw = TestPods.pod("kps-prometheus.json");
        AdmissionResult normal = admit(s, raw);
        AdmissionResult dry = await(s.review(TestPods.body(TestPods.review(V1, "uid-1", "CREATE", raw, true))));
        assertThat(dry.review()).isEqualTo(normal.review());

        lookup.serviceAccounts.clear();
        AdmissionResult dryMissing = await(s.review(TestPods.body(TestPods.review(V1, "uid-2", "CREATE", raw, true))));
        assertThat(dryMissing.reason()).isEqualTo("no_client_id");
        assertThat(warnings(dryMissing)).hasSize(1);
        assertThat(events).isEmpty();
    }

    @Test
    void apiErrorAllowsWithoutProxyAsAnError() throws Exception {
        lookup.fail = true;
        AdmissionResult r = admit(service(Map.of()), TestPods.pod("kps-prometheus.json"));
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.reason()).isEqualTo("api_error");
        assertThat(patchOf(r)).isEmpty();
        assertThat(warnings(r))
                .singleElement()
                .satisfies(w -> assertThat(w).contains("connection refused").doesNotContain("\n"));
        assertThat(events).hasSize(1);
    }

    @Test
    void hangingLookupIsCutOffByApiTimeoutWhenCalledOutsideVertx() throws Exception {
        lookup.hang = true;
        AdmissionResult r = admit(service(Map.of("API_TIMEOUT", "200ms")), TestPods.pod("kps-prometheus.json"));
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.reason()).isEqualTo("api_timeout");
        assertThat(warnings(r)).singleElement().satisfies(w -> assertThat(w).contains("timed out after 200 ms"));
    }

    @Test
    void hangingLookupIsCutOffByAVertxTimerOnTheCallersContext() throws Exception {
        lookup.hang = true;
        Vertx vertx = Vertx.vertx();
        try {
            AdmissionService s =
                    new AdmissionService(vertx, TestPods.config(Map.of("API_TIMEOUT", "200ms")), lookup, recorder);
            Buffer body =
                    TestPods.body(TestPods.review(V1, "uid-1", "CREATE", TestPods.pod("chart-prometheus.json"), false));
            var done = new java.util.concurrent.CompletableFuture<String>();
            var ctx = vertx.getOrCreateContext();
            ctx.runOnContext(v -> s.review(body)
                    .onComplete(ar -> done.complete((Vertx.currentContext() == ctx) + " "
                            + (ar.succeeded() ? ar.result().reason() : String.valueOf(ar.cause())))));
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("true api_timeout");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "opt-out-label.json, opted_out, false",
        "opt-out-annotation.json, opted_out, false",
        "host-network.json, host_network, true",
        "manual-remotewrite.json, manual_sidecar, true",
        "not-prometheus.json, not_selected, false",
        "already-injected.json, already_injected, false"
    })
    void skipsPodsSectionTwoExcludes(String fixture, String reason, boolean warns) throws Exception {
        AdmissionResult r = admit(service(Map.of()), TestPods.pod(fixture));
        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(patchOf(r)).isEmpty();
        assertThat(r.review().getJsonObject("response").containsKey("patchType"))
                .isFalse();
        assertThat(warnings(r)).hasSize(warns ? 1 : 0);
        assertThat(lookup.calls.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube-system", "azmon-rw-system", "team-excluded"})
    void skipsExcludedNamespaces(String namespace) throws Exception {
        ObjectNode review = TestPods.review(V1, "u", "CREATE", TestPods.pod("kps-prometheus.json"), false);
        ((ObjectNode) review.get("request")).put("namespace", namespace);
        AdmissionResult r = await(
                service(Map.of("EXCLUDED_NAMESPACES", "team-excluded, other")).review(TestPods.body(review)));
        assertThat(r.reason()).isEqualTo("excluded_namespace");
        assertThat(patchOf(r)).isEmpty();
    }

    @Test
    void answersV1beta1InV1beta1WithTheUid() throws Exception {
        ObjectNode review = TestPods.review(
                "admission.k8s.io/v1beta1", "beta-uid-7", "CREATE", TestPods.pod("kps-prometheus.json"), false);
        AdmissionResult r = await(service(Map.of()).review(TestPods.body(review)));
        assertThat(r.review().getString("apiVersion")).isEqualTo("admission.k8s.io/v1beta1");
        assertThat(r.review().getJsonObject("response").getString("uid")).isEqualTo("beta-uid-7");
        PatchChecks.applyAndCheck(TestPods.pod("kps-prometheus.json"), patchOf(r));
    }

    @Test
    void anythingButAPodCreateIsAllowedUnchanged() throws Exception {
        AdmissionService s = service(Map.of());
        AdmissionResult update = await(s.review(
                TestPods.body(TestPods.review(V1, "u", "UPDATE", TestPods.pod("kps-prometheus.json"), false))));
        assertThat(update.reason()).isEqualTo("not_a_pod_create");
        assertThat(patchOf(update)).isEmpty();
        ObjectNode cm = TestPods.review(
                V1, "u2", "CREATE", TestPods.JSON.createObjectNode().put("kind", "ConfigMap"), false);
        ((ObjectNode) cm.get("request"))
                .putObject("kind")
                .put("group", "")
                .put("version", "v1")
                .put("kind", "ConfigMap");
        ((ObjectNode) cm.get("request"))
                .putObject("resource")
                .put("group", "")
                .put("version", "v1")
                .put("resource", "configmaps");
        AdmissionResult other = await(s.review(TestPods.body(cm)));
        assertThat(other.reason()).isEqualTo("not_a_pod_create");
        assertThat(other.review().getJsonObject("response").getString("uid")).isEqualTo("u2");
        ObjectNode eph = TestPods.review(V1, "u3", "CREATE", TestPods.pod("kps-prometheus.json"), false);
        ((ObjectNode) eph.get("request")).put("subResource", "ephemeralcontainers");
        assertThat(await(s.review(TestPods.body(eph))).reason()).isEqualTo("not_a_pod_create");
    }

    @Test
    void badInputFailsWith400AndAOneLineReason() {
        AdmissionService s = service(Map.of());
        ObjectNode good = TestPods.review(V1, "u", "CREATE", TestPods.pod("kps-prometheus.json"), false);
        ObjectNode wrongVersion = good.deepCopy().put("apiVersion", "admission.k8s.io/v2");
        ObjectNode wrongKind = good.deepCopy().put("kind", "TokenReview");
        ObjectNode noRequest = good.deepCopy();
        noRequest.remove("request");
        ObjectNode noUid = good.deepCopy();
        ((ObjectNode) noUid.get("request")).remove("uid");
        ObjectNode notAPod = good.deepCopy();
        ((ObjectNode) notAPod.get("request"))
                .set(
                        "object",
                        TestPods.JSON.createObjectNode().put("kind", "Pod").put("spec", "nope"));
        ObjectNode serviceObject = good.deepCopy();
        ((ObjectNode) serviceObject.get("request"))
                .set("object", TestPods.JSON.createObjectNode().put("kind", "Service"));
        ObjectNode noObject = good.deepCopy();
        ((ObjectNode) noObject.get("request")).remove("object");
        Map<String, Buffer> cases = new java.util.LinkedHashMap<>();
        cases.put("not JSON", Buffer.buffer("{\"apiVersion\": "));
        cases.put("a JSON array", Buffer.buffer("[]"));
        cases.put("empty", Buffer.buffer(""));
        cases.put("apiVersion", TestPods.body(wrongVersion));
        cases.put("kind must be AdmissionReview", TestPods.body(wrongKind));
        cases.put("no request", TestPods.body(noRequest));
        cases.put("no uid", TestPods.body(noUid));
        cases.put("not a Pod", TestPods.body(notAPod));
        cases.put("Service", TestPods.body(serviceObject));
        cases.put("no object", TestPods.body(noObject));
        cases.forEach((label, body) -> assertThatThrownBy(() -> await(s.review(body)))
                .as(label)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(HttpError.class)
                .satisfies(e -> {
                    assertThat(((HttpError) e).status()).isEqualTo(400);
                    assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300);
                }));
    }

    @Test
    void patchEscapesSlashesAndTildesInKeys() throws Exception {
        ObjectNode raw = TestPods.pod("kps-prometheus.json");
        JsonNode patch = patchOf(admit(service(Map.of()), raw));
        assertThat(patch.toString())
                .contains("/metadata/labels/azure.workload.identity~1use")
                .contains("/metadata/labels/azmon-rw.io~1proxy")
                .contains("/metadata/annotations/azmon-rw.io~1status");
        // two labels, the annotation, the container and the two volumes
        assertThat(((ArrayNode) patch)).hasSize(6);
    }

    private static List<String> warnings(AdmissionResult r) {
        var arr = r.review().getJsonObject("response").getJsonArray("warnings");
        List<String> out = new ArrayList<>();
        if (arr != null) {
            arr.forEach(o -> out.add((String) o));
        }
        return out;
    }
}
