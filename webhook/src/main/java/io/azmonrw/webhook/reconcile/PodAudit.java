package io.azmonrw.webhook.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.selection.Selection;
import io.azmonrw.webhook.selection.Selection.Verdict;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the pods the admission path would inject now but that run without the proxy (created while the webhook
 * was down, or before their namespace was labelled), and the pods whose proxy comes from another webhook version.
 * Pure: the same {@link Selection} as admission decides, so the two cannot disagree.
 */
public final class PodAudit {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What is wrong with a pod. */
    public enum Kind {
        MISSING,
        OUTDATED
    }

    /** One pod that needs attention; {@code injectedVersion} is empty for a missing proxy. */
    public record Finding(Pod pod, Kind kind, Optional<String> injectedVersion) {
        public String namespace() {
            return pod.getMetadata().getNamespace();
        }

        public String name() {
            return pod.getMetadata().getName();
        }

        public String uid() {
            return pod.getMetadata().getUid();
        }

        /** The pod's controller (StatefulSet, ReplicaSet, ...), if any: a bare pod would not come back after an eviction. */
        public Optional<OwnerReference> owner() {
            return PodAudit.controller(pod);
        }
    }

    private final Selection selection;
    private final String version;

    /** @param version the running webhook's version, compared with the one in each pod's status annotation */
    public PodAudit(Selection selection, String version) {
        this.selection = selection;
        this.version = version;
    }

    /** @param namespace the pod's namespace from the cache, or null when not known (then the pod is not judged) */
    public Optional<Finding> audit(Pod pod, ObjectMeta namespace) {
        ObjectMeta meta = pod.getMetadata();
        if (meta == null
                || meta.getNamespace() == null
                || meta.getName() == null
                || namespace == null
                || meta.getDeletionTimestamp() != null
                || finished(pod)
                || !optedIn(namespace)) {
            return Optional.empty();
        }
        Verdict v = selection.decide(pod, meta.getNamespace(), false).verdict();
        if (v == Verdict.INJECT) {
            return Optional.of(new Finding(pod, Kind.MISSING, Optional.empty()));
        }
        if (v == Verdict.ALREADY_INJECTED) {
            String injected = injectedVersion(meta.getAnnotations().get(Keys.STATUS));
            if (!version.equals(injected)) {
                return Optional.of(new Finding(pod, Kind.OUTDATED, Optional.of(injected)));
            }
        }
        return Optional.empty();
    }

    /** The namespace selector of the MutatingWebhookConfiguration: only labelled namespaces are ever sent to admission. */
    static boolean optedIn(ObjectMeta namespace) {
        Map<String, String> labels = namespace.getLabels();
        return labels != null && Keys.NAMESPACE_INJECTION_ENABLED.equals(labels.get(Keys.NAMESPACE_INJECTION));
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The version recorded by the webhook that injected the pod; "unknown" for an annotation we cannot read. */
    static String injectedVersion(String statusJson) {
        try {
            JsonNode v = MAPPER.readTree(statusJson == null ? "" : statusJson).path("version");
            return v.isTextual() && !v.asText().isBlank() ? v.asText() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Optional<OwnerReference> controller(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners == null) {
            return Optional.empty();
        }
        return owners.stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()) && o.getKind() != null && o.getName() != null)
                .findFirst();
    }

    /**
     * The command that recreates the pod through its controller: {@code kubectl rollout restart} for what
     * supports it (a ReplicaSet's Deployment is named by the ReplicaSet minus its pod-template-hash), else
     * {@code kubectl delete pod}.
     */
    public static String fixCommand(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String deletePod = "kubectl delete pod " + pod.getMetadata().getName() + " -n " + ns;
        Optional<OwnerReference> owner = controller(pod);
        if (owner.isEmpty()) {
            return deletePod + " (then create it again: it has no controller)";
        }
        String kind = owner.get().getKind();
        String name = owner.get().getName();
        switch (kind) {
            case "StatefulSet", "DaemonSet" -> {
                return "kubectl rollout restart " + kind.toLowerCase(Locale.ROOT) + "/" + name + " -n " + ns + " (or "
                        + deletePod + ")";
            }
            case "ReplicaSet" -> {
                Map<String, String> labels = pod.getMetadata().getLabels();
                String hash = labels == null ? null : labels.get("pod-template-hash");
                if (hash != null && name.endsWith("-" + hash)) {
                    String deployment = name.substring(0, name.length() - hash.length() - 1);
                    return "kubectl rollout restart deployment/" + deployment + " -n " + ns + " (or " + deletePod + ")";
                }
                return deletePod;
            }
            default -> {
                return deletePod;
            }
        }
    }
}
