package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ServiceAccounts of the input (a List's items included), so that a workload's identity can come from its own manifest. */
final class ServiceAccounts {
    private final Map<String, Map<String, String>> annotations = new HashMap<>();

    ServiceAccounts(List<JsonNode> docs) {
        docs.forEach(d -> add(d, null));
    }

    private void add(JsonNode doc, String outerNamespace) {
        String namespace = doc.path("metadata").path("namespace").asText(outerNamespace);
        if (doc.path("items").isArray() && doc.path("kind").asText("").endsWith("List")) {
            doc.get("items").forEach(i -> add(i, namespace));
        } else if (doc.path("kind").asText("").equals("ServiceAccount")
                && doc.path("apiVersion").asText("").equals("v1")) {
            Map<String, String> a = new LinkedHashMap<>();
            doc.path("metadata")
                    .path("annotations")
                    .properties()
                    .forEach(e -> a.put(e.getKey(), e.getValue().asText()));
            annotations.put(key(namespace, doc.path("metadata").path("name").asText("")), a);
        }
    }

    /** The annotations of ServiceAccount {@code name} in {@code namespace} (null: unset on both sides), empty when not in the input. */
    Map<String, String> annotations(String namespace, String name) {
        return annotations.getOrDefault(key(namespace, name), Map.of());
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }
}
