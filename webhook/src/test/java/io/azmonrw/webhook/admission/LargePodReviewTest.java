package io.azmonrw.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.TestVertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pod is bound straight from its span of the review's bytes (no JSON tree of it): a pod with 1,500 env vars gets
 * a patch that applies with an independent JSON-Patch implementation (zjsonpatch) and keeps every env var, and the
 * span is right wherever the object sits in the review and whatever precedes it.
 */
class LargePodReviewTest {
    private static final int EXTRA_ENV = 1500;

    @Test
    void aPodWith1500EnvVarsGetsAPatchThatAppliesIndependentlyAndKeepsEveryEnvVar() throws Exception {
        ObjectNode raw = largePod();
        JsonObject review =
                review(TestPods.body(TestPods.review("admission.k8s.io/v1", "uid-large", "CREATE", raw, false)));
        JsonNode patch = TestPods.JSON.readTree(
                Base64.getDecoder().decode(review.getJsonObject("response").getString("patch")));
        JsonNode patched = PatchChecks.applyAndCheck(raw, patch);
        // the Prometheus container is untouched: its env list is the input's, element for element
        assertThat(patched.path("spec").path("containers").get(0))
                .isEqualTo(raw.path("spec").path("containers").get(0));
        assertThat(patched.path("spec").path("containers").get(0).path("env")).hasSizeGreaterThanOrEqualTo(EXTRA_ENV);
        // and nothing of the 1,500 env vars is copied into the patch
        assertThat(patch.toString()).doesNotContain("E_0000", "val01499");
        assertThat(PatchChecks.proxy(PatchChecks.toPod(patched)).getName()).isEqualTo("prom-remotewrite");
    }

    @Test
    void the1500EnvVarsChangeNothingInThePatch() throws Exception {
        // the same pod without them is the independent expectation: the patch never copies an existing container
        ObjectNode small = TestPods.pod("kps-prometheus.json");
        JsonObject expected =
                review(TestPods.body(TestPods.review("admission.k8s.io/v1", "u", "CREATE", small, false)));
        JsonObject large =
                review(TestPods.body(TestPods.review("admission.k8s.io/v1", "u", "CREATE", largePod(), false)));
        assertThat(TestPods.JSON.readTree(Base64.getDecoder()
                        .decode(large.getJsonObject("response").getString("patch"))))
                .isEqualTo(TestPods.JSON.readTree(Base64.getDecoder()
                        .decode(expected.getJsonObject("response").getString("patch"))));
    }

    @Test
    void aReviewInTheMiddleOfABiggerBufferIsReadInPlace() throws Exception {
        ObjectNode raw = largePod();
        byte[] json = TestPods.review("admission.k8s.io/v1", "uid-slice", "CREATE", raw, false)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[json.length + 2 * 37];
        java.util.Arrays.fill(padded, (byte) '#');
        System.arraycopy(json, 0, padded, 37, json.length);
        ReviewRequest req = ReviewRequest.parse(padded, 37, json.length);
        String span = new String(
                req.object().body(), req.object().offset(), req.object().length(), StandardCharsets.UTF_8);
        assertThat(TestPods.JSON.readTree(span)).isEqualTo(raw);
        JsonObject review = review(Buffer.buffer(padded).slice(37, 37 + json.length));
        JsonNode patch = TestPods.JSON.readTree(
                Base64.getDecoder().decode(review.getJsonObject("response").getString("patch")));
        PatchChecks.applyAndCheck(raw, patch);
    }

    @Test
    void thePodIsReadFromItsOwnBytesWhereverItSitsInAPrettyPrintedReview() throws Exception {
        ObjectNode raw = largePod();
        // strings with escapes and multi-byte characters inside and before the object shift byte offsets from char
        // offsets
        ((ObjectNode) raw.path("metadata"))
                .withObjectProperty("annotations")
                .put("note", "quote \" backslash \\ ünïcødé ✓ \uD83D\uDE00");
        ObjectNode plain = TestPods.review("admission.k8s.io/v1", "uid-moved", "CREATE", raw, false);
        ObjectNode request = (ObjectNode) plain.path("request");
        ObjectNode moved = TestPods.JSON.createObjectNode();
        moved.putObject("userInfo").put("username", "ünïcødé-ユーザー");
        moved.set("object", raw);
        moved.set("oldObject", largePod());
        for (Map.Entry<String, JsonNode> e : request.properties()) {
            if (!moved.has(e.getKey())) {
                moved.set(e.getKey(), e.getValue());
            }
        }
        ObjectNode reordered = TestPods.JSON.createObjectNode();
        reordered.set("request", moved);
        reordered.put("apiVersion", "admission.k8s.io/v1");
        reordered.put("kind", "AdmissionReview");
        byte[] body = TestPods.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(reordered);
        JsonObject review = review(Buffer.buffer(body));
        JsonNode patch = TestPods.JSON.readTree(
                Base64.getDecoder().decode(review.getJsonObject("response").getString("patch")));
        JsonNode patched = PatchChecks.applyAndCheck(raw, patch);
        assertThat(patched.path("metadata").path("annotations").path("note").asText())
                .isEqualTo("quote \" backslash \\ ünïcødé ✓ \uD83D\uDE00");
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("ユーザー");
    }

    @Test
    void anObjectThatIsNotAPodOrNotAnObjectIsStillRefused() {
        ObjectNode cm = TestPods.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        assertThat(failure(TestPods.review("admission.k8s.io/v1", "u", "CREATE", cm, false)))
                .contains("request.object is a ConfigMap, not a Pod");
        assertThat(failure(TestPods.review(
                        "admission.k8s.io/v1",
                        "u",
                        "CREATE",
                        TestPods.JSON.getNodeFactory().textNode("pod"),
                        false)))
                .contains("request.object is not a JSON object");
        assertThat(failure(TestPods.review(
                        "admission.k8s.io/v1",
                        "u",
                        "CREATE",
                        TestPods.JSON.getNodeFactory().nullNode(),
                        false)))
                .contains("AdmissionReview request has no object");
    }

    private static ObjectNode largePod() {
        ObjectNode p = TestPods.pod("kps-prometheus.json");
        ArrayNode env = ((ObjectNode) p.path("spec").path("containers").get(0)).withArrayProperty("env");
        for (int i = 0; i < EXTRA_ENV; i++) {
            env.addObject().put("name", String.format("E_%04d", i)).put("value", String.format("val%05d", i));
        }
        return p;
    }

    private static AdmissionService service() {
        MapClusterLookup lookup = new MapClusterLookup()
                .serviceAccount(
                        TestPods.NAMESPACE,
                        "kube-prometheus-stack-prometheus",
                        Map.of("azure.workload.identity/client-id", TestPods.CLIENT_ID));
        return new AdmissionService(TestVertx.shared(), TestPods.config(Map.of()), lookup, AdmissionEvents.none());
    }

    private static JsonObject review(Buffer body) throws Exception {
        AdmissionResult r =
                service().review(body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.INJECTED);
        return r.review();
    }

    private static String failure(JsonNode review) {
        List<String> messages = new ArrayList<>();
        service()
                .review(TestPods.body(review))
                .onComplete(ar -> messages.add(
                        ar.failed()
                                ? ar.cause().getMessage()
                                : "answered: " + ar.result().outcome()));
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
