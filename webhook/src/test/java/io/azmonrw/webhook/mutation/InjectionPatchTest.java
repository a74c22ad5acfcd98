package io.azmonrw.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.azmonrw.webhook.TestPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast admission patch must equal the full-pod diff against the deep-copied mutation, byte for byte. */
class InjectionPatchTest {
    private static InjectionSpec spec(boolean nativeSidecar) {
        return TestSpecs.spec(nativeSidecar, Optional.empty());
    }

    /** Cluster, extra env and the CA bundle volume: the optional parts must diff the same way. */
    private static InjectionSpec specWithExtras(boolean nativeSidecar) {
        return TestSpecs.spec(
                nativeSidecar,
                Optional.empty(),
                new ProxyExtras(
                        Optional.of("c1"),
                        List.of(new io.fabric8.kubernetes.api.model.EnvVar("NO_PROXY", ".svc,10.0.0.0/8", null)),
                        Optional.of("corp-ca"),
                        "ca-bundle.crt"));
    }

    private static List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        for (String f : List.of(
                "already-injected.json",
                "azure-wi-older.json",
                "azure-wi-v1.6.json",
                "chart-prometheus.json",
                "empty-service-account.json",
                "forced-in-with-overrides.json",
                "host-network.json",
                "invalid-resources.json",
                "kps-prometheus.json",
                "manual-remotewrite.json",
                "native-sidecar.json",
                "not-prometheus.json",
                "opt-out-annotation.json",
                "opt-out-label.json",
                "prometheus-agent.json")) {
            pods.add(PodPatches.toPod(TestPods.pod(f)));
        }
        pods.add(new Pod());
        pods.add(new PodBuilder().withNewMetadata().withName("m").endMetadata().build());
        pods.add(new PodBuilder().withNewSpec().endSpec().build());
        pods.add(new PodBuilder()
                .withNewMetadata()
                .withLabels(Map.of())
                .withAnnotations(Map.of())
                .endMetadata()
                .withNewSpec()
                .withContainers(List.of())
                .withInitContainers(List.of())
                .withVolumes(List.of())
                .endSpec()
                .build());
        pods.add(new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .addToLabels("a/b~c", "x")
                .endMetadata()
                .withNewSpec()
                .addNewInitContainer()
                .withName("init")
                .withImage("i")
                .endInitContainer()
                .addNewContainer()
                .withName("prometheus")
                .withImage("p")
                .endContainer()
                .addToVolumes(new VolumeBuilder()
                        .withName("azmon-rw-tmp")
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .build())
                .addToVolumes(new VolumeBuilder()
                        .withName("azmon-rw-token")
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .build())
                .endSpec()
                .build());
        return pods;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void equalsTheFullDiffForEveryFixture(boolean nativeSidecar) {
        PodMutator mutator = new PodMutator();
        for (Pod pod : pods()) {
            String before = PodPatches.toTree(pod).toString();
            ArrayNode expected = PodPatches.diff(pod, mutator.mutate(pod, spec(nativeSidecar)));
            ArrayNode fast = PodPatches.injectionPatch(mutator, pod, spec(nativeSidecar));
            assertThat(fast.toString()).isEqualTo(expected.toString());
            assertThat(fast).isNotEmpty();
            ArrayNode expectedExtras = PodPatches.diff(pod, mutator.mutate(pod, specWithExtras(nativeSidecar)));
            assertThat(PodPatches.injectionPatch(mutator, pod, specWithExtras(nativeSidecar))
                            .toString())
                    .isEqualTo(expectedExtras.toString());
            assertThat(expectedExtras.toString()).contains("azmon-rw-ca", "NO_PROXY");
            assertThat(PodPatches.toTree(pod).toString()).as("input unchanged").isEqualTo(before);
        }
    }
}
