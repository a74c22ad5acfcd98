package io.azmonrw.webhook.reconcile;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;

/** Pods and namespaces as the API server holds them, for the reconciler's tests. */
final class ReconcilePods {
    static final String NS = "team-a";
    static final String STS_UID = "5d0c7f3e-0000-4000-8000-00000000a001";
    /** What the admission path writes (InjectionStatus), spelled out here rather than produced by our code. */
    static final String STATUS_V1 = "{\"version\":\"1.0.0\",\"mode\":\"container\",\"container\":\"prom-remotewrite\","
            + "\"volumes\":[\"azmon-rw-token\",\"azmon-rw-tmp\"]}";

    private ReconcilePods() {}

    static ObjectMeta labelledNamespace(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("azmon-rw.io/injection", "enabled")
                .endMetadata()
                .build()
                .getMetadata();
    }

    /** A Prometheus pod of StatefulSet {@code prom} created at {@code created}, without the proxy. */
    static PodBuilder prometheus(String name, String uid, Instant created) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withUid(uid)
                .withCreationTimestamp(created.toString())
                .addToLabels("app.kubernetes.io/name", "prometheus")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName("prom")
                .withUid(STS_UID)
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("prometheus")
                .withImage("quay.io/prometheus/prometheus:v3.5.0")
                .endContainer()
                .withServiceAccountName("prometheus")
                .endSpec();
    }

    static Pod injectedReady(String name, String uid, Instant created, String status) {
        return prometheus(name, uid, created)
                .editMetadata()
                .addToAnnotations("azmon-rw.io/status", status)
                .endMetadata()
                .editSpec()
                .addNewContainer()
                .withName("prom-remotewrite")
                .withImage("azmon-rw-proxy:1.0.0")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }
}
