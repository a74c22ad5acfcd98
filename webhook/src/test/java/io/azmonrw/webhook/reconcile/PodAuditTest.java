package io.azmonrw.webhook.reconcile;

import static io.azmonrw.webhook.reconcile.ReconcilePods.NS;
import static io.azmonrw.webhook.reconcile.ReconcilePods.prometheus;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.reconcile.PodAudit.Kind;
import io.azmonrw.webhook.selection.LabelSelector;
import io.azmonrw.webhook.selection.Selection;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodAuditTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final PodAudit audit = new PodAudit(
            new Selection(
                    LabelSelector.parse("app.kubernetes.io/name in (prometheus,prometheus-agent)"),
                    Set.of("kube-system")),
            "1.1.0");
    private final ObjectMeta labelled = ReconcilePods.labelledNamespace(NS);

    @Test
    void aSelectedPodWithoutTheProxyInALabelledNamespaceIsMissingIt() {
        var f = audit.audit(prometheus("prom-0", "u0", T0).build(), labelled);
        assertThat(f).isPresent();
        assertThat(f.get().kind()).isEqualTo(Kind.MISSING);
        assertThat(f.get().owner().orElseThrow().getName()).isEqualTo("prom");
    }

    @Test
    void aNamespaceWithoutTheInjectionLabelIsNotJudged() {
        ObjectMeta plain = new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .endMetadata()
                .build()
                .getMetadata();
        assertThat(audit.audit(prometheus("prom-0", "u0", T0).build(), plain)).isEmpty();
        assertThat(audit.audit(prometheus("prom-0", "u0", T0).build(), null)).isEmpty();
    }

    @Test
    void optedOutTerminatingFinishedAndUnselectedPodsAreLeftAlone() {
        assertThat(audit.audit(
                        prometheus("a", "u1", T0)
                                .editMetadata()
                                .addToAnnotations("azmon-rw.io/inject", "false")
                                .endMetadata()
                                .build(),
                        labelled))
                .isEmpty();
        assertThat(audit.audit(
                        prometheus("b", "u2", T0)
                                .editMetadata()
                                .addToLabels("azmon-rw.io/inject", "false")
                                .endMetadata()
                                .build(),
                        labelled))
                .isEmpty();
        assertThat(audit.audit(
                        prometheus("c", "u3", T0)
                                .editMetadata()
                                .withDeletionTimestamp(T0.toString())
                                .endMetadata()
                                .build(),
                        labelled))
                .isEmpty();
        assertThat(audit.audit(
                        prometheus("d", "u4", T0)
                                .withNewStatus()
                                .withPhase("Succeeded")
                                .endStatus()
                                .build(),
                        labelled))
                .isEmpty();
        assertThat(audit.audit(
                        prometheus("e", "u5", T0)
                                .editMetadata()
                                .addToLabels("app.kubernetes.io/name", "grafana")
                                .endMetadata()
                                .build(),
                        labelled))
                .isEmpty();
    }

    @Test
    void aProxyFromAnotherVersionIsOutdatedAndTheCurrentOneIsFine() {
        Pod old = ReconcilePods.injectedReady("prom-0", "u0", T0, ReconcilePods.STATUS_V1);
        var f = audit.audit(old, labelled);
        assertThat(f).isPresent();
        assertThat(f.get().kind()).isEqualTo(Kind.OUTDATED);
        assertThat(f.get().injectedVersion()).contains("1.0.0");
        Pod current =
                ReconcilePods.injectedReady("prom-1", "u1", T0, ReconcilePods.STATUS_V1.replace("1.0.0", "1.1.0"));
        assertThat(audit.audit(current, labelled)).isEmpty();
        Pod garbled = ReconcilePods.injectedReady("prom-2", "u2", T0, "not json");
        assertThat(audit.audit(garbled, labelled).orElseThrow().injectedVersion())
                .contains("unknown");
    }

    @Test
    void theFixNamesTheControllerToRestart() {
        assertThat(PodAudit.fixCommand(prometheus("prom-0", "u0", T0).build()))
                .isEqualTo(
                        "kubectl rollout restart statefulset/prom -n team-a (or kubectl delete pod prom-0 -n team-a)");
        Pod fromDeployment = new PodBuilder()
                .withNewMetadata()
                .withName("agent-7d9f8-abcde")
                .withNamespace(NS)
                .addToLabels("pod-template-hash", "7d9f8")
                .addNewOwnerReference()
                .withKind("ReplicaSet")
                .withName("agent-7d9f8")
                .withUid("rs")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build();
        assertThat(PodAudit.fixCommand(fromDeployment))
                .isEqualTo(
                        "kubectl rollout restart deployment/agent -n team-a (or kubectl delete pod agent-7d9f8-abcde -n team-a)");
        Pod bare = new PodBuilder()
                .withNewMetadata()
                .withName("solo")
                .withNamespace(NS)
                .endMetadata()
                .build();
        assertThat(PodAudit.fixCommand(bare))
                .startsWith("kubectl delete pod solo -n team-a")
                .contains("no controller");
    }
}
