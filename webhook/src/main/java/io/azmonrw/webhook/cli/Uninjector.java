package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.cli.Workloads.Target;
import io.azmonrw.webhook.patch.JsonPointers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Removes from one target exactly what {@code inject} recorded in its status annotation. */
final class Uninjector {
    private final Consumer<String> err;

    Uninjector(Consumer<String> err) {
        this.err = err;
    }

    /** Uninjects {@code t} in place; false when there was nothing of ours to remove. */
    boolean uninject(Target t) {
        Optional<ObjectNode> annotations = InjectionRecord.annotations(t);
        String statusJson =
                annotations.map(a -> a.path(Keys.STATUS).asText(null)).orElse(null);
        if (statusJson == null) {
            if (hasProxy(t)) {
                err.accept("skipped: " + t.label() + ": has a " + Injection.CONTAINER_NAME + " container but no "
                        + Keys.STATUS + " annotation (a manual setup, not ours); left unchanged");
            }
            return false;
        }
        Optional<ObjectNode> status = InjectionRecord.parse(statusJson);
        JsonNode added = status.map(s -> s.get(InjectionRecord.FIELD)).orElse(null);
        if (added != null && added.isArray()) {
            List<String> paths = new ArrayList<>();
            added.forEach(p -> paths.add(p.asText()));
            // last added first, so that a list created by inject is removed after its elements were
            for (int i = paths.size() - 1; i >= 0; i--) {
                InjectionRecord.remove(t.root(), paths.get(i));
            }
            status.map(s -> s.path(InjectionRecord.REPLACED))
                    .filter(JsonNode::isObject)
                    .ifPresent(r ->
                            r.properties().forEach(e -> InjectionRecord.restore(t.root(), e.getKey(), e.getValue())));
        } else {
            // injected by the webhook at admission (a pod read back from the cluster): remove what the status names
            err.accept(
                    "warning: " + t.label() + ": the " + Keys.STATUS + " annotation has no record of what inject added;"
                            + " removed the proxy container, its volumes and labels by name");
            String container = status.map(s -> s.path("container").asText(Injection.CONTAINER_NAME))
                    .orElse(Injection.CONTAINER_NAME);
            InjectionRecord.remove(t.root(), "/spec/containers/" + JsonPointers.escape("name=" + container));
            InjectionRecord.remove(t.root(), "/spec/initContainers/" + JsonPointers.escape("name=" + container));
            status.map(s -> s.path("volumes"))
                    .ifPresent(vs -> vs.forEach(v -> InjectionRecord.remove(
                            t.root(), "/spec/volumes/" + JsonPointers.escape("name=" + v.asText()))));
            for (String label : List.of(Keys.WI_USE, Keys.PROXY)) {
                InjectionRecord.remove(t.root(), t.metadataPointer() + "/labels/" + JsonPointers.escape(label));
            }
        }
        InjectionRecord.annotations(t).ifPresent(a -> a.remove(Keys.STATUS));
        return true;
    }

    private static boolean hasProxy(Target t) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : t.root().path("spec").path(list)) {
                if (Injection.CONTAINER_NAME.equals(c.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
