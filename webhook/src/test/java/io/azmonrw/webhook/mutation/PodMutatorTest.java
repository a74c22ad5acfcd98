package io.azmonrw.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.InjectedParts;
import io.azmonrw.webhook.InjectedParts.Expected;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodMutatorTest {
    private static final ProxyResources DEFAULTS = new ProxyResources(io.azmonrw.common.config.Quantity.parse("50m"),
            io.azmonrw.common.config.Quantity.parse("500m"), io.azmonrw.common.config.Quantity.parse("128Mi"),
            io.azmonrw.common.config.Quantity.parse("256Mi"));

    private static InjectionSpec spec(boolean nativeSidecar, Optional<String> audience) {
        ResourceRequirements r = DEFAULTS.resolve(Map.of(), new ArrayList<>());
        return new InjectionSpec("registry.example/azmon-rw-proxy:1.2.3", 8081, TestPods.INGESTION_URL, "cid",
                Optional.of(TestPods.TENANT_ID), "https://login.microsoftonline.com/", "AZUREPUBLIC", audience, r, nativeSidecar, "1.0.0");
    }

    @Test
    void neverModifiesItsInputAndProducesSectionThree() {
        Pod in = PodPatches.toPod(TestPods.pod("kps-prometheus.json"));
        String before = PodPatches.toTree(in).toString();
        Pod out = new PodMutator().mutate(in, spec(false, Optional.empty()));
        assertThat(PodPatches.toTree(in).toString()).isEqualTo(before);
        InjectedParts.check(out, Expected.defaults("cid", false));
        PatchChecks.checkValid(out);
        assertThat(out.getMetadata().getAnnotations().get("azmon-rw.io/status"))
                .isEqualTo("{\"version\":\"1.0.0\",\"mode\":\"container\",\"container\":\"prom-remotewrite\",\"volumes\":[\"azmon-rw-token\",\"azmon-rw-tmp\"]}");
    }

    @Test
    void setsTheAudienceOnlyWhenConfiguredAndReusesLeftoverVolumes() {
        Pod in = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                .addNewContainer().withName("prometheus").withImage("p").endContainer()
                .addToVolumes(new VolumeBuilder().withName("azmon-rw-tmp").withNewEmptyDir().endEmptyDir().build())
                .endSpec().build();
        Pod out = new PodMutator().mutate(in, spec(true, Optional.of("https://monitor.azure.com//.default")));
        List<String> names = out.getSpec().getInitContainers().get(0).getEnv().stream().map(e -> e.getName()).toList();
        assertThat(names).endsWith("CLOUD", "INGESTION_AAD_AUDIENCE");
        assertThat(out.getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("azmon-rw-tmp", "azmon-rw-token");
        PatchChecks.checkValid(out);
    }

    @Test
    void diffOfAPodWithItselfIsEmpty() {
        Pod in = PodPatches.toPod(TestPods.pod("azure-wi-v1.6.json"));
        assertThat(PodPatches.diff(in, in)).isEmpty();
    }
}
