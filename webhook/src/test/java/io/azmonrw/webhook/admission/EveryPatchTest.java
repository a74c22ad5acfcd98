package io.azmonrw.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.TestVertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture, in both sidecar modes and both AdmissionReview versions: every patch produced passes PatchChecks and is idempotent. */
class EveryPatchTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(EveryPatchTest.class.getResource("/pods").toURI());
        List<String> fixtures;
        try (Stream<Path> files = Files.list(dir)) {
            fixtures = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
        }
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(15);
        return fixtures.stream()
                .flatMap(f -> Stream.of("container", "native")
                        .flatMap(mode -> Stream.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1")
                                .flatMap(v -> Stream.of(false, true).map(extras -> Arguments.of(f, mode, v, extras)))));
    }

    /** CLUSTER, PROXY_EXTRA_ENV and a CA bundle: the optional parts of the injection. */
    private static final Map<String, String> EXTRAS = Map.of(
            "CLUSTER",
            "aks-weu",
            "PROXY_EXTRA_ENV",
            "[{\"name\":\"LOG_LEVEL\",\"value\":\"DEBUG\"},{\"name\":\"NO_PROXY\",\"value\":\".svc\"}]",
            "PROXY_CA_BUNDLE_CONFIGMAP",
            "corp-ca");

    @ParameterizedTest(name = "{0} {1} {2} extras={3}")
    @MethodSource("cases")
    void everyPatchAppliesIndependentlyAndIsIdempotent(String fixture, String mode, String version, boolean extras)
            throws Exception {
        MapClusterLookup lookup = new MapClusterLookup();
        for (String sa : List.of(
                "kube-prometheus-stack-prometheus", "kube-prometheus-stack-agent", "prometheus-server", "default")) {
            lookup.serviceAccount("monitoring", sa, Map.of("azure.workload.identity/client-id", "cid"));
        }
        Map<String, String> env = new java.util.HashMap<>(extras ? EXTRAS : Map.of());
        env.put("SIDECAR_MODE", mode);
        AdmissionService s =
                new AdmissionService(TestVertx.shared(), TestPods.config(env), lookup, AdmissionEvents.none());
        ObjectNode raw = TestPods.pod(fixture);
        JsonObject review = s.review(TestPods.body(TestPods.review(version, "uid-" + fixture, "CREATE", raw, false)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .review();
        assertThat(review.getString("apiVersion")).isEqualTo(version);
        JsonObject response = review.getJsonObject("response");
        assertThat(response.getString("uid")).isEqualTo("uid-" + fixture);
        assertThat(response.getBoolean("allowed")).isTrue();
        if (!response.containsKey("patch")) {
            return;
        }
        JsonNode patch = TestPods.JSON.readTree(Base64.getDecoder().decode(response.getString("patch")));
        assertThat(patch.size()).isPositive();
        JsonNode patched = PatchChecks.applyAndCheck(raw, patch);
        var proxyEnv = PatchChecks.proxy(PatchChecks.toPod(patched)).getEnv().stream()
                .map(e -> e.getName())
                .toList();
        if (extras) {
            assertThat(proxyEnv).contains("CLUSTER", "CA_BUNDLE_FILE", "LOG_LEVEL", "NO_PROXY");
        } else {
            assertThat(proxyEnv).doesNotContain("CLUSTER", "CA_BUNDLE_FILE", "LOG_LEVEL", "NO_PROXY");
        }
        JsonObject again = s.review(TestPods.body(TestPods.review(version, "u2", "CREATE", patched, false)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .review();
        assertThat(again.getJsonObject("response").containsKey("patch")).isFalse();
    }
}
