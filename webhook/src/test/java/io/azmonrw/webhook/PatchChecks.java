package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.azmonrw.common.Contract.Injection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies a patch with zjsonpatch (an implementation independent of ours) and checks the result is a valid pod
 * whose changes stay inside the list of docs/design.md, What the webhook injects.
 */
public final class PatchChecks {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The only places docs/design.md, Patch rules, allows a patch to touch (JSON pointers, ~1 is an escaped '/'). */
    private static final List<Pattern> ALLOWED = List.of(
            Pattern.compile("/metadata/labels(/azure\\.workload\\.identity~1use|/azmon-rw\\.io~1proxy)?"),
            Pattern.compile("/metadata/annotations(/azmon-rw\\.io~1status)?"),
            Pattern.compile("/metadata"),
            Pattern.compile("/spec/containers(/\\d+)?"),
            Pattern.compile("/spec/initContainers(/\\d+)?"),
            Pattern.compile("/spec/volumes(/\\d+)?"));

    private PatchChecks() {}

    /** Applies {@code patch} to {@code raw} and returns the result after checking every invariant. */
    public static JsonNode applyAndCheck(JsonNode raw, JsonNode patch) {
        for (JsonNode op : patch) {
            assertThat(op.path("op").asText()).as("operation %s", op).isEqualTo("add");
            String path = op.path("path").asText();
            assertThat(ALLOWED.stream().anyMatch(p -> p.matcher(path).matches()))
                    .as("path %s is allowed by docs/design.md, Patch rules", path)
                    .isTrue();
        }
        JsonNode patched = JsonPatch.apply(patch, raw);
        Pod pod = SERIALIZATION.convertValue(patched, Pod.class);
        checkValid(pod);
        return patched;
    }

    /** Names unique as the API server requires; mountPaths and env names unique per container. */
    public static void checkValid(Pod pod) {
        checkValid(pod, List.of());
    }

    /** @param claimTemplates volumes a StatefulSet adds from its volumeClaimTemplates */
    public static void checkValid(Pod pod, List<String> claimTemplates) {
        List<String> names = new ArrayList<>();
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        all.forEach(c -> names.add(c.getName()));
        assertThat(names).as("container names").doesNotHaveDuplicates();
        assertThat(pod.getSpec().getVolumes().stream().map(Volume::getName).toList())
                .as("volume names")
                .doesNotHaveDuplicates();
        List<String> volumeNames = new ArrayList<>(
                pod.getSpec().getVolumes().stream().map(Volume::getName).toList());
        volumeNames.addAll(claimTemplates);
        for (Container c : all) {
            assertThat(c.getVolumeMounts().stream()
                            .map(VolumeMount::getMountPath)
                            .toList())
                    .as("mountPaths of %s", c.getName())
                    .doesNotHaveDuplicates();
            assertThat(c.getEnv().stream().map(e -> e.getName()).toList())
                    .as("env names of %s", c.getName())
                    .doesNotHaveDuplicates();
            for (VolumeMount m : c.getVolumeMounts()) {
                assertThat(volumeNames)
                        .as("volume of mount %s in %s", m.getMountPath(), c.getName())
                        .contains(m.getName());
            }
        }
    }

    public static Container proxy(Pod pod) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all.stream()
                .filter(c -> c.getName().equals(Injection.CONTAINER_NAME))
                .findFirst()
                .orElseThrow();
    }

    public static Pod toPod(JsonNode node) {
        return SERIALIZATION.convertValue(node, Pod.class);
    }
}
