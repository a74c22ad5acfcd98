package io.azmonrw.webhook.mutation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.webhook.patch.JsonDiff;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Converts between raw JSON and fabric8 Pods and diffs a received pod against its mutated copy. Both sides go
 * through the same serialization with managedFields stripped, so the patch holds only what the mutator changed.
 */
public final class PodPatches {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /**
     * Binds admitted pods (fabric8's modules, configured by the serialization around it) with the containers' env
     * lists left out: nothing in an admission reads them, and the patch never copies an existing container (see
     * {@link #injectionPatch}), while a pod's env vars were most of a large pod's binding cost.
     */
    private static final ObjectMapper ADMISSION_MAPPER = new ObjectMapper().addMixIn(Container.class, WithoutEnv.class);

    static {
        // configures ADMISSION_MAPPER as fabric8's own
        new KubernetesSerialization(ADMISSION_MAPPER, true);
    }

    @JsonIgnoreProperties({"env"})
    private abstract static class WithoutEnv {}

    /** @throws IllegalArgumentException when the tree does not bind to a Pod */
    public static Pod toPod(JsonNode raw) {
        try {
            return SERIALIZATION.convertValue(raw, Pod.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(OneLine.of(e), e);
        }
    }

    /**
     * Binds an admitted Pod straight from its JSON bytes, with no tree in between, and without its containers' env
     * lists (see {@link #ADMISSION_MAPPER}): only for computing the admission's patch.
     *
     * @throws IllegalArgumentException when the bytes do not bind to a Pod
     */
    public static Pod admissionPod(byte[] json, int offset, int length) {
        try {
            return ADMISSION_MAPPER.readValue(json, offset, length, Pod.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException(OneLine.of(e), e);
        }
    }

    public static JsonNode toTree(Object value) {
        return SERIALIZATION.convertValue(value, JsonNode.class);
    }

    /** The RFC 6902 patch from {@code received} to {@code mutated}; empty when nothing changed. */
    public static ArrayNode diff(Pod received, Pod mutated) {
        return JsonDiff.diff(stripManagedFields(toTree(received)), stripManagedFields(toTree(mutated)));
    }

    /**
     * The same patch as {@code diff(pod, mutator.mutate(pod, spec))}, computed without copying or serializing the
     * whole pod: both sides are projections holding only what the mutator can change (metadata labels and
     * annotations, the container, init container and volume lists), and list elements shared with {@code pod} are
     * serialized as the same empty placeholder on both sides, so only the appended elements are written out.
     */
    public static ArrayNode injectionPatch(PodMutator mutator, Pod pod, InjectionSpec spec) {
        Pod before = project(pod);
        Pod after = mutator.apply(project(pod), spec);
        return JsonDiff.diff(toTree(placeholders(before, pod)), toTree(placeholders(after, pod)));
    }

    /** A pod with fresh metadata and spec that hold only the fields the mutator reads or replaces, by reference. */
    private static Pod project(Pod pod) {
        Pod p = new Pod();
        p.setApiVersion(null);
        p.setKind(null);
        if (pod.getMetadata() != null) {
            ObjectMeta m = new ObjectMeta();
            m.setLabels(pod.getMetadata().getLabels());
            m.setAnnotations(pod.getMetadata().getAnnotations());
            p.setMetadata(m);
        }
        if (pod.getSpec() != null) {
            PodSpec s = new PodSpec();
            s.setContainers(pod.getSpec().getContainers());
            s.setInitContainers(pod.getSpec().getInitContainers());
            s.setVolumes(pod.getSpec().getVolumes());
            p.setSpec(s);
        }
        return p;
    }

    /** Replaces, in new lists, each element that is the very element at the same index of {@code pod} by an empty one. */
    private static Pod placeholders(Pod projection, Pod pod) {
        if (projection.getSpec() != null && pod.getSpec() != null) {
            PodSpec s = projection.getSpec();
            PodSpec o = pod.getSpec();
            s.setContainers(placeholders(s.getContainers(), o.getContainers(), Container::new));
            s.setInitContainers(placeholders(s.getInitContainers(), o.getInitContainers(), Container::new));
            s.setVolumes(placeholders(s.getVolumes(), o.getVolumes(), Volume::new));
        }
        return projection;
    }

    private static <T> List<T> placeholders(List<T> list, List<T> original, Supplier<T> empty) {
        if (list == null || original == null) {
            return list;
        }
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            T e = list.get(i);
            out.add(i < original.size() && e == original.get(i) ? empty.get() : e);
        }
        return out;
    }

    private static JsonNode stripManagedFields(JsonNode pod) {
        if (pod.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return pod;
    }
}
