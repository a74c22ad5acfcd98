package io.azmonrw.webhook.manifests;

import static io.azmonrw.webhook.manifests.ManifestFiles.ofKind;
import static io.azmonrw.webhook.manifests.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kustomize overlays' invariants applied to a chart rendering, plus what only the chart adds. */
final class ChartChecks {
    /** The reconciler's leader election (issue 11): a namespaced Role in the release namespace, names unscoped. */
    static final Set<ManifestInvariants.Grant> LEASE_GRANTS = ManifestInvariants.grants(
            List.of("coordination.k8s.io"), List.of("leases"), List.of("get", "create", "update"), List.of("*"));
    /** The reconciler's informers find the pods that missed the proxy: read-only, cluster-wide. */
    static final Set<ManifestInvariants.Grant> POD_READ_GRANTS =
            ManifestInvariants.grants(List.of(""), List.of("pods"), List.of("get", "list", "watch"), List.of("*"));
    /** heal.mode=evict only. */
    static final Set<ManifestInvariants.Grant> EVICTION_GRANTS =
            ManifestInvariants.grants(List.of(""), List.of("pods/eviction"), List.of("create"), List.of("*"));

    private ChartChecks() {}

    /** What the webhook's ServiceAccount may hold in this rendering: the overlays' sets plus the reconciler's. */
    static Set<ManifestInvariants.Grant> allowedGrants(List<HasMetadata> objects, boolean evict) {
        return allowedGrants(ManifestInvariants.env(objects), evict);
    }

    static Set<ManifestInvariants.Grant> allowedGrants(Map<String, String> env, boolean evict) {
        var allowed = new HashSet<ManifestInvariants.Grant>(
                env.get("CERT_MODE").equals("self-managed")
                        ? ManifestsTest.selfManagedGrants(env)
                        : ManifestsTest.baseGrants());
        allowed.addAll(LEASE_GRANTS);
        allowed.addAll(POD_READ_GRANTS);
        if (evict) {
            allowed.addAll(EVICTION_GRANTS);
        }
        return allowed;
    }

    /**
     * Every invariant of the kustomize installs, then the chart's own: typed objects only, both images from one
     * registry and tag, the reconciler's RBAC scoped as issue 11 says.
     */
    static void checkInstall(List<HasMetadata> objects, boolean evict) {
        assertTyped(objects);
        ManifestInvariants.checkInstall(objects, allowedGrants(objects, evict));
        checkOneRegistry(objects);
        checkReconcilerRbac(objects, evict);
    }

    /** No unknown field in any typed object; only cert-manager and prometheus-operator kinds are untyped. */
    static void assertTyped(List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            if (o instanceof GenericKubernetesResource g) {
                assertThat(g.getApiVersion())
                        .as("untyped " + g.getKind())
                        .matches("(cert-manager\\.io|monitoring\\.coreos\\.com)/v1");
            } else {
                assertThat(ManifestFiles.unknownFields(o))
                        .as(o.getKind() + " " + o.getMetadata().getName())
                        .isEmpty();
            }
        }
    }

    /** The webhook's image and the proxy image it injects differ only in their repository's last path segment. */
    static void checkOneRegistry(List<HasMetadata> objects) {
        String webhook = ManifestInvariants.webhookContainer(objects).getImage();
        String proxy = ManifestInvariants.env(objects).get(Contract.WebhookEnv.PROXY_IMAGE);
        assertThat(proxy).as("PROXY_IMAGE").isNotBlank();
        assertThat(registry(proxy)).as("registry of " + proxy).isEqualTo(registry(webhook));
        assertThat(tag(proxy)).as("tag of " + proxy).isEqualTo(tag(webhook)).doesNotContain("latest");
    }

    static String registry(String image) {
        return image.substring(0, image.lastIndexOf('/'));
    }

    static String tag(String image) {
        return image.substring(image.lastIndexOf(':') + 1);
    }

    /** Leases through a Role in the release namespace only; pods/eviction through a ClusterRole, and only to evict. */
    static void checkReconcilerRbac(List<HasMetadata> objects, boolean evict) {
        String ns = ManifestInvariants.namespace(objects);
        assertThat(ofKind(objects, ClusterRole.class))
                .flatExtracting(ClusterRole::getRules)
                .noneMatch(r -> r.getResources().contains("leases"));
        assertThat(ofKind(objects, Role.class))
                .filteredOn(r ->
                        r.getRules().stream().anyMatch(x -> x.getResources().contains("leases")))
                .singleElement()
                .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(ns));
        boolean evicts = ofKind(objects, ClusterRole.class).stream()
                .flatMap(r -> r.getRules().stream())
                .anyMatch(r -> r.getResources().contains("pods/eviction"));
        assertThat(evicts).as("pods/eviction granted").isEqualTo(evict);
        assertThat(ofKind(objects, ClusterRole.class))
                .flatExtracting(ClusterRole::getRules)
                .filteredOn(r -> r.getResources().contains("pods"))
                .singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
        assertThat(ofKind(objects, Role.class))
                .flatExtracting(Role::getRules)
                .noneMatch(r -> r.getResources().contains("pods/eviction"));
    }

    static MutatingWebhook webhook(List<HasMetadata> objects) {
        return one(objects, MutatingWebhookConfiguration.class).getWebhooks().get(0);
    }

    static Deployment deployment(List<HasMetadata> objects) {
        return one(objects, Deployment.class);
    }

    /**
     * A copy of {@code objects} whose webhook has the default failurePolicy, timeout and selectors again: the
     * invariants pin those defaults, so a rendering that changes them on purpose is checked on the change first and on
     * everything else through this copy.
     */
    static List<HasMetadata> withDefaultWebhookSettings(List<HasMetadata> objects, List<String> extraExcluded) {
        var out = new ArrayList<HasMetadata>();
        for (HasMetadata o : objects) {
            if (o instanceof MutatingWebhookConfiguration mwc) {
                var copy = ManifestFiles.K8S.clone(mwc);
                MutatingWebhook w = copy.getWebhooks().get(0);
                w.setFailurePolicy("Ignore");
                w.setTimeoutSeconds(5);
                w.getNamespaceSelector()
                        .setMatchLabels(
                                Map.of(Contract.Keys.NAMESPACE_INJECTION, Contract.Keys.NAMESPACE_INJECTION_ENABLED));
                List<LabelSelectorRequirement> nsExprs =
                        w.getNamespaceSelector().getMatchExpressions();
                LabelSelectorRequirement builtIn = nsExprs.get(0);
                builtIn.setValues(builtIn.getValues().stream()
                        .filter(v -> !extraExcluded.contains(v))
                        .toList());
                w.getNamespaceSelector().setMatchExpressions(List.of(builtIn));
                w.getObjectSelector().setMatchLabels(null);
                w.getObjectSelector()
                        .setMatchExpressions(List.of(
                                w.getObjectSelector().getMatchExpressions().get(0)));
                out.add(copy);
            } else {
                out.add(o);
            }
        }
        return out;
    }
}
