package io.azmonrw.webhook.selection;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Decides whether a pod gets the proxy (docs/design.md, Names and selection); pure, so the server and the CLI decide alike. */
public final class Selection {

    /** Why a pod is or is not injected; {@link #reason()} is the metric label. */
    public enum Verdict {
        INJECT("injected"),
        EXCLUDED_NAMESPACE("excluded_namespace"),
        OPTED_OUT("opted_out"),
        ALREADY_INJECTED("already_injected"),
        NOT_SELECTED("not_selected"),
        MANUAL_SIDECAR("manual_sidecar"),
        HOST_NETWORK("host_network");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** A verdict and, for surprising skips, a warning for the AdmissionResponse. */
    public record Decision(Verdict verdict, Optional<String> warning) {
        public boolean inject() {
            return verdict == Verdict.INJECT;
        }
    }

    private final LabelSelector selector;
    private final Set<String> excludedNamespaces;

    public Selection(LabelSelector selector, Set<String> excludedNamespaces) {
        this.selector = selector;
        this.excludedNamespaces = Set.copyOf(excludedNamespaces);
    }

    /**
     * @param namespace the namespace of the admission request (null for the offline CLI)
     * @param ignoreSelector true for the offline CLI, where the user picked the documents
     */
    public Decision decide(Pod pod, String namespace, boolean ignoreSelector) {
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        if (namespace != null && excludedNamespaces.contains(namespace)) {
            return skip(Verdict.EXCLUDED_NAMESPACE);
        }
        if (isFalse(labels.get(Keys.INJECT)) || isFalse(annotations.get(Keys.INJECT))) {
            return skip(Verdict.OPTED_OUT);
        }
        if (annotations.containsKey(Keys.STATUS)) {
            return skip(Verdict.ALREADY_INJECTED);
        }
        boolean forcedIn = isTrue(labels.get(Keys.INJECT)) || isTrue(annotations.get(Keys.INJECT));
        if (!ignoreSelector && !forcedIn && !selector.matches(labels)) {
            return skip(Verdict.NOT_SELECTED);
        }
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        if (hasContainer(spec.getContainers()) || hasContainer(spec.getInitContainers())) {
            return new Decision(
                    Verdict.MANUAL_SIDECAR,
                    Optional.of("azmon-rw: pod already has a container named " + Injection.CONTAINER_NAME
                            + " (manual setup); left unchanged. Remove it to let the webhook inject the proxy"));
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            return new Decision(
                    Verdict.HOST_NETWORK,
                    Optional.of(
                            "azmon-rw: hostNetwork pods are not injected (the proxy port would be opened on the node)"));
        }
        return new Decision(Verdict.INJECT, Optional.empty());
    }

    private static boolean hasContainer(List<Container> containers) {
        return containers != null && containers.stream().anyMatch(c -> Injection.CONTAINER_NAME.equals(c.getName()));
    }

    private static Decision skip(Verdict v) {
        return new Decision(v, Optional.empty());
    }

    static boolean isFalse(String v) {
        return v != null && v.trim().toLowerCase(Locale.ROOT).equals("false");
    }

    static boolean isTrue(String v) {
        return v != null && v.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
