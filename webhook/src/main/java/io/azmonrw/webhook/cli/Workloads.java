package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds, in one document, the places {@code inject} and {@code uninject} work on: the pod template of each workload
 * kind (a {@code List}'s items included) and prometheus-operator's {@code Prometheus} and {@code PrometheusAgent}.
 */
final class Workloads {
    static final String OPERATOR_GROUP = "monitoring.coreos.com/";
    /** Kind to the path of its pod template. */
    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "Deployment", List.of("spec", "template"),
            "StatefulSet", List.of("spec", "template"),
            "DaemonSet", List.of("spec", "template"),
            "ReplicaSet", List.of("spec", "template"),
            "ReplicationController", List.of("spec", "template"),
            "Job", List.of("spec", "template"),
            "CronJob", List.of("spec", "jobTemplate", "spec", "template"));
    /** prometheus-operator kind to the {@code app.kubernetes.io/name} label the operator puts on its pods. */
    static final Map<String, String> OPERATOR_KINDS =
            Map.of("Prometheus", "prometheus", "PrometheusAgent", "prometheus-agent");

    /**
     * One place to work on, inside a mutable copy of a document.
     *
     * @param root a pod template or Pod ({@code metadata} + {@code spec}), or the whole operator resource
     * @param operatorName the operator's pod name label for an operator resource, else null
     */
    record Target(ObjectNode root, String operatorName, String label, String namespace) {
        boolean operator() {
            return operatorName != null;
        }

        /** Where the pod's metadata lives in {@link #root()}. */
        String metadataPointer() {
            return operator() ? "/spec/podMetadata" : "/metadata";
        }
    }

    private Workloads() {}

    /** The targets of {@code doc} (a mutable copy); unknown kinds give none, with a warning when they hold a pod template. */
    static List<Target> targets(ObjectNode doc, String label, Consumer<String> err) {
        List<Target> out = new ArrayList<>();
        collect(doc, label, null, err, out);
        return out;
    }

    private static void collect(
            ObjectNode doc, String label, String outerNamespace, Consumer<String> err, List<Target> out) {
        String kind = doc.path("kind").asText("");
        if (kind.isEmpty()) {
            throw new BadInput(label + ": has no kind");
        }
        String namespace = doc.path("metadata").path("namespace").asText(outerNamespace);
        String apiVersion = doc.path("apiVersion").asText("");
        if (kind.equals("List") || kind.endsWith("List") && doc.has("items")) {
            JsonNode items = doc.get("items");
            if (items == null || !items.isArray()) {
                throw new BadInput(label + ": items is not a list");
            }
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String itemLabel = label + " item " + (i + 1) + describe(item);
                if (!(item instanceof ObjectNode o)) {
                    throw new BadInput(itemLabel + ": not a Kubernetes object");
                }
                collect(o, itemLabel, namespace, err, out);
            }
        } else if (kind.equals("Pod")) {
            requireContainers(doc, label);
            out.add(new Target(doc, null, label, namespace));
        } else if (TEMPLATES.containsKey(kind)) {
            List<String> path = TEMPLATES.get(kind);
            JsonNode template = doc;
            for (String p : path) {
                template = template.path(p);
            }
            if (!(template instanceof ObjectNode t)) {
                throw new BadInput(label + ": " + String.join(".", path) + " is missing");
            }
            requireContainers(t, label);
            out.add(new Target(t, null, label, namespace));
        } else if (OPERATOR_KINDS.containsKey(kind) && apiVersion.startsWith(OPERATOR_GROUP)) {
            if (!(doc.get("spec") instanceof ObjectNode)) {
                throw new BadInput(label + ": spec is missing");
            }
            out.add(new Target(doc, OPERATOR_KINDS.get(kind), label, namespace));
        } else if (doc.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .isArray()) {
            err.accept("warning: " + label + ": kind " + kind
                    + " has a pod template but is not a kind inject knows; left unchanged");
        }
    }

    private static void requireContainers(JsonNode podLike, String label) {
        if (!podLike.path("spec").isObject()
                || !podLike.path("spec").path("containers").isArray()) {
            throw new BadInput(label + ": the pod spec has no containers list");
        }
    }

    static String describe(JsonNode doc) {
        String kind = doc.path("kind").asText("");
        String name = doc.path("metadata")
                .path("name")
                .asText(doc.path("metadata").path("generateName").asText(""));
        if (kind.isEmpty() && name.isEmpty()) {
            return "";
        }
        return " (" + (kind + " " + name).trim() + ")";
    }
}
