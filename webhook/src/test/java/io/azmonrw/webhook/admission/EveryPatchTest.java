package io.azmonrw.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
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
            fixtures = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(15);
        return fixtures.stream().flatMap(f -> Stream.of("container", "native").flatMap(mode ->
                Stream.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1").map(v -> Arguments.of(f, mode, v))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyPatchAppliesIndependentlyAndIsIdempotent(String fixture, String mode, String version) throws Exception {
        MapClusterLookup lookup = new MapClusterLookup();
        for (String sa : List.of("kube-prometheus-stack-prometheus", "kube-prometheus-stack-agent", "prometheus-server", "default")) {
            lookup.serviceAccount("monitoring", sa, Map.of("azure.workload.identity/client-id", "cid"));
        }
        AdmissionService s = new AdmissionService(TestPods.config(Map.of("SIDECAR_MODE", mode)), lookup, AdmissionEvents.none());
        ObjectNode raw = TestPods.pod(fixture);
        JsonObject review = s.review(TestPods.body(TestPods.review(version, "uid-" + fixture, "CREATE", raw, false)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).review();
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
        JsonObject again = s.review(TestPods.body(TestPods.review(version, "u2", "CREATE", patched, false)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).review();
        assertThat(again.getJsonObject("response").containsKey("patch")).isFalse();
    }
}
