package io.azmonrw.webhook.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.patch.JsonDiff;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Converts between raw JSON and fabric8 Pods and diffs a received pod against its mutated copy. Both sides go
 * through the same serialization with managedFields stripped, so the patch holds only what the mutator changed.
 */
public final class PodPatches {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private PodPatches() {}

    /** @throws IllegalArgumentException when the tree does not bind to a Pod */
    public static Pod toPod(JsonNode raw) {
        try {
            return SERIALIZATION.convertValue(raw, Pod.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(firstLine(e.getMessage()), e);
        }
    }

    public static JsonNode toTree(Object value) {
        return SERIALIZATION.convertValue(value, JsonNode.class);
    }

    /** The RFC 6902 patch from {@code received} to {@code mutated}; empty when nothing changed. */
    public static ArrayNode diff(Pod received, Pod mutated) {
        return JsonDiff.diff(stripManagedFields(toTree(received)), stripManagedFields(toTree(mutated)));
    }

    private static JsonNode stripManagedFields(JsonNode pod) {
        if (pod.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return pod;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
