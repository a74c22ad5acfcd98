package io.azmonrw.webhook.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class KubernetesAdmissionEventsTest {

    @Test
    void targetsTheControllingOwner() {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withGenerateName("prometheus-k8s-")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("not-me")
                .withController(false)
                .endOwnerReference()
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName("prometheus-k8s")
                .withUid("u-1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build();
        ObjectReference r = KubernetesAdmissionEvents.target(pod, "monitoring");
        assertThat(r.getKind()).isEqualTo("StatefulSet");
        assertThat(r.getName()).isEqualTo("prometheus-k8s");
        assertThat(r.getNamespace()).isEqualTo("monitoring");
        assertThat(r.getUid()).isEqualTo("u-1");
        assertThat(r.getApiVersion()).isEqualTo("apps/v1");
    }

    @Test
    void fallsBackToTheNamespace() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        ObjectReference r = KubernetesAdmissionEvents.target(pod, "team-a");
        assertThat(r.getKind()).isEqualTo("Namespace");
        assertThat(r.getName()).isEqualTo("team-a");
        assertThat(KubernetesAdmissionEvents.target(null, "team-a").getKind()).isEqualTo("Namespace");
    }
}
