package io.azmonrw.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.TestVertx;
import io.azmonrw.webhook.admission.AdmissionResult;
import io.azmonrw.webhook.admission.AdmissionService;
import io.azmonrw.webhook.admission.ClusterLookup;
import io.azmonrw.webhook.cli.InjectCommandTest.Run;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.zjsonpatch.JsonPatch;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pod prometheus-operator creates from an injected {@code Prometheus} equals what the webhook makes of the pod
 * the operator creates from the un-injected one. The operator side is a second implementation, written here from
 * prometheus-operator's source (pkg/prometheus/server/statefulset.go, pkg/prometheus/promcfg.go BuildPodMetadata,
 * pkg/k8s/merge.go MergePatchContainers), applied to a hand-built operator pod; the webhook side is the real
 * AdmissionService and its patch applied with zjsonpatch.
 */
class OperatorMergeTest {
    private static final Path OPERATOR_POD = Path.of("src/test/resources/cli/operator/prometheus-operator-pod.json");
    /** patchMergeKey of the Container lists a strategic merge merges element by element (k8s.io/api core/v1 types.go). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "env",
            "name",
            "volumeMounts",
            "mountPath",
            "ports",
            "containerPort",
            "volumeDevices",
            "devicePath",
            "resizePolicy",
            "resourceName");

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {false, true})
    void operatorPodOfInjectedResourceEqualsWebhookMutationOfOperatorPod(boolean nativeSidecar) throws Exception {
        String input = Files.readString(InjectGoldenTest.IN.resolve("prometheus.yaml"));
        List<JsonNode> inDocs = InjectCommandTest.parseAll(input);
        Run injected = InjectGoldenTest.inject(input, nativeSidecar);
        assertThat(injected.code()).as(injected.err()).isZero();
        ObjectNode serviceAccount = (ObjectNode) inDocs.get(0);
        ObjectNode plainCr = (ObjectNode) inDocs.get(1);
        ObjectNode injectedCr =
                (ObjectNode) InjectCommandTest.parseAll(injected.out()).get(1);
        ObjectNode operatorPod = (ObjectNode) TestPods.JSON.readTree(Files.readString(OPERATOR_POD));

        ObjectNode plainPod = operatorMerge(operatorPod, plainCr);
        ObjectNode injectedPod = operatorMerge(operatorPod, injectedCr);
        AdmissionService webhook = webhook(serviceAccount, nativeSidecar);

        AdmissionResult admitted = review(webhook, plainPod);
        assertThat(admitted.reason()).isEqualTo("injected");
        JsonNode patch = TestPods.JSON.readTree(Base64.getDecoder()
                .decode(admitted.review().getJsonObject("response").getString("patch")));
        ObjectNode webhookPod = (ObjectNode) JsonPatch.apply(patch, plainPod);

        // the status annotation: same injection, plus inject's record of what it added (for uninject)
        ObjectNode cliStatus = status(injectedPod);
        assertThat(cliStatus.remove(InjectionRecord.FIELD)).isNotNull();
        assertThat(cliStatus).isEqualTo(status(webhookPod));
        annotations(injectedPod).remove(Keys.STATUS);
        annotations(webhookPod).remove(Keys.STATUS);
        assertThat(injectedPod).isEqualTo(webhookPod);
        assertThat(injectedPod
                        .path("spec")
                        .path(nativeSidecar ? "initContainers" : "containers")
                        .toString())
                .contains("\"prom-remotewrite\"");
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {false, true})
    void webhookLeavesThePodOfAnInjectedResourceAlone(boolean nativeSidecar) throws Exception {
        String input = Files.readString(InjectGoldenTest.IN.resolve("prometheus.yaml"));
        Run injected = InjectGoldenTest.inject(input, nativeSidecar);
        ObjectNode serviceAccount =
                (ObjectNode) InjectCommandTest.parseAll(input).get(0);
        ObjectNode injectedCr =
                (ObjectNode) InjectCommandTest.parseAll(injected.out()).get(1);
        ObjectNode pod = operatorMerge((ObjectNode) TestPods.JSON.readTree(Files.readString(OPERATOR_POD)), injectedCr);
        AdmissionService webhook = webhook(serviceAccount, nativeSidecar);

        AdmissionResult r = review(webhook, pod);
        assertThat(r.reason()).isEqualTo("already_injected");
        assertThat(r.review().getJsonObject("response").containsKey("patch")).isFalse();
        // even without the status annotation (stripped by some tool), the proxy container keeps the webhook away
        annotations(pod).remove(Keys.STATUS);
        AdmissionResult manual = review(webhook, pod);
        assertThat(manual.reason()).isEqualTo("manual_sidecar");
        assertThat(manual.review().getJsonObject("response").containsKey("patch"))
                .isFalse();
    }

    /** prometheus-operator's pod for {@code cr}: its own pod with the resource's podMetadata, container patches and volumes. */
    static ObjectNode operatorMerge(ObjectNode operatorPod, ObjectNode cr) {
        ObjectNode pod = operatorPod.deepCopy();
        JsonNode spec = cr.path("spec");
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        // BuildPodMetadata: podMetadata.labels first, then the operator's selector labels over them
        ObjectNode labels = TestPods.JSON.createObjectNode();
        if (spec.path("podMetadata").path("labels").isObject()) {
            labels.setAll((ObjectNode) spec.path("podMetadata").path("labels"));
        }
        labels.setAll((ObjectNode) meta.path("labels"));
        meta.set("labels", labels);
        // the default-container annotation first, podMetadata.annotations over it
        if (spec.path("podMetadata").path("annotations").isObject()) {
            ((ObjectNode) meta.path("annotations"))
                    .setAll((ObjectNode) spec.path("podMetadata").path("annotations"));
        }
        ObjectNode podSpec = (ObjectNode) pod.get("spec");
        podSpec.set(
                "containers", mergePatchContainers((ArrayNode) podSpec.path("containers"), spec.path("containers")));
        podSpec.set(
                "initContainers",
                mergePatchContainers((ArrayNode) podSpec.path("initContainers"), spec.path("initContainers")));
        // statefulset.go: the operator's volumes, then spec.volumes appended
        ArrayNode volumes = ((ArrayNode) podSpec.path("volumes")).deepCopy();
        spec.path("volumes").forEach(v -> volumes.add(v.deepCopy()));
        podSpec.set("volumes", volumes);
        if (spec.has("serviceAccountName")) {
            podSpec.put("serviceAccountName", spec.get("serviceAccountName").asText());
            podSpec.put("serviceAccount", spec.get("serviceAccountName").asText());
        }
        return pod;
    }

    /** MergePatchContainers: a patch named like a base container is strategic-merged into it; the others follow in order. */
    static ArrayNode mergePatchContainers(ArrayNode base, JsonNode patches) {
        ArrayNode out = TestPods.JSON.createArrayNode();
        Map<String, JsonNode> byName = new HashMap<>();
        patches.forEach(p -> byName.put(p.path("name").asText(), p));
        for (JsonNode c : base) {
            JsonNode p = byName.remove(c.path("name").asText());
            out.add(p == null ? c.deepCopy() : strategicMerge((ObjectNode) c.deepCopy(), (ObjectNode) p));
        }
        for (JsonNode p : patches) {
            if (byName.containsKey(p.path("name").asText())) {
                out.add(p.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode strategicMerge(ObjectNode base, ObjectNode patch) {
        patch.properties().forEach(e -> {
            JsonNode b = base.get(e.getKey());
            JsonNode v = e.getValue();
            if (v.isNull()) {
                base.remove(e.getKey());
            } else if (v.isObject() && b instanceof ObjectNode bo) {
                strategicMerge(bo, (ObjectNode) v);
            } else if (v.isArray() && b instanceof ArrayNode ba && MERGE_KEYS.containsKey(e.getKey())) {
                String key = MERGE_KEYS.get(e.getKey());
                for (JsonNode pe : v) {
                    boolean merged = false;
                    for (JsonNode be : ba) {
                        if (be.path(key).equals(pe.path(key))) {
                            strategicMerge((ObjectNode) be, (ObjectNode) pe);
                            merged = true;
                        }
                    }
                    if (!merged) {
                        ba.add(pe.deepCopy());
                    }
                }
            } else {
                base.set(e.getKey(), v.deepCopy());
            }
        });
        return base;
    }

    private static AdmissionService webhook(ObjectNode serviceAccount, boolean nativeSidecar) {
        Map<String, String> saAnnotations = new HashMap<>();
        serviceAccount
                .path("metadata")
                .path("annotations")
                .properties()
                .forEach(e -> saAnnotations.put(e.getKey(), e.getValue().asText()));
        String saKey = serviceAccount.path("metadata").path("namespace").asText() + "/"
                + serviceAccount.path("metadata").path("name").asText();
        ClusterLookup lookup = new ClusterLookup() {
            @Override
            public Future<Optional<Map<String, String>>> serviceAccountAnnotations(String namespace, String name) {
                return Future.succeededFuture(
                        saKey.equals(namespace + "/" + name) ? Optional.of(saAnnotations) : Optional.empty());
            }

            @Override
            public Future<Optional<ObjectMeta>> namespace(String name) {
                return Future.succeededFuture(Optional.empty());
            }

            @Override
            public boolean nativeSidecarsSupported() {
                return nativeSidecar;
            }
        };
        // the server configured as the CLI flags of InjectGoldenTest say
        return new AdmissionService(
                TestVertx.shared(),
                TestPods.config(Map.of(
                        "INGESTION_URL",
                        InjectGoldenTest.URL,
                        "PROXY_IMAGE",
                        InjectGoldenTest.IMAGE,
                        "AZURE_AUTHORITY_HOST",
                        InjectGoldenTest.AUTHORITY,
                        "SIDECAR_MODE",
                        nativeSidecar ? "native" : "container")),
                lookup,
                (pod, ns, message) -> {});
    }

    private static AdmissionResult review(AdmissionService webhook, ObjectNode pod) throws Exception {
        return webhook.review(TestPods.body(TestPods.review("admission.k8s.io/v1", "uid-1", "CREATE", pod, false)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private static ObjectNode annotations(ObjectNode pod) {
        return (ObjectNode) pod.path("metadata").path("annotations");
    }

    private static ObjectNode status(ObjectNode pod) throws IOException {
        return (ObjectNode)
                TestPods.JSON.readTree(annotations(pod).path(Keys.STATUS).asText());
    }
}
