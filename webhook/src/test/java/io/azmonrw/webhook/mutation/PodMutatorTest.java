package io.azmonrw.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.InjectedParts;
import io.azmonrw.webhook.InjectedParts.Expected;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodMutatorTest {
    private static InjectionSpec spec(boolean nativeSidecar, Optional<String> audience) {
        return TestSpecs.spec(nativeSidecar, audience);
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
                .isEqualTo(
                        "{\"version\":\"1.0.0\",\"mode\":\"container\",\"container\":\"prom-remotewrite\",\"volumes\":[\"azmon-rw-token\",\"azmon-rw-tmp\"]}");
    }

    @Test
    void setsTheAudienceOnlyWhenConfiguredAndReusesLeftoverVolumes() {
        Pod in = new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("prometheus")
                .withImage("p")
                .endContainer()
                .addToVolumes(new VolumeBuilder()
                        .withName("azmon-rw-tmp")
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .build())
                .endSpec()
                .build();
        Pod out = new PodMutator().mutate(in, spec(true, Optional.of("https://monitor.azure.com//.default")));
        List<String> names = out.getSpec().getInitContainers().get(0).getEnv().stream()
                .map(e -> e.getName())
                .toList();
        assertThat(names).endsWith("CLOUD", "INGESTION_AAD_AUDIENCE");
        assertThat(out.getSpec().getVolumes())
                .extracting(v -> v.getName())
                .containsExactly("azmon-rw-tmp", "azmon-rw-token");
        PatchChecks.checkValid(out);
    }

    private static InjectionSpec withExtras(ProxyExtras extras) {
        return TestSpecs.spec(false, Optional.empty(), extras);
    }

    @Test
    void labelsThePodSoThatAPodMonitorCanSelectInjectedPods() {
        Pod out = new PodMutator()
                .mutate(PodPatches.toPod(TestPods.pod("chart-prometheus.json")), spec(true, Optional.empty()));
        assertThat(out.getMetadata().getLabels()).containsEntry("azmon-rw.io/proxy", "injected");
    }

    @Test
    void passesTheClusterNameAndMountsTheCaBundleInTheProxyOnly() {
        Pod in = PodPatches.toPod(TestPods.pod("kps-prometheus.json"));
        Pod out = new PodMutator()
                .mutate(
                        in,
                        withExtras(new ProxyExtras(
                                Optional.of("aks-prod-weu"), List.of(), Optional.of("corp-ca"), "bundle.pem")));
        Container proxy = PatchChecks.proxy(out);
        assertThat(proxy.getEnv().stream()
                        .map(v -> v.getName() + "=" + v.getValue())
                        .toList())
                .contains("CLUSTER=aks-prod-weu", "CA_BUNDLE_FILE=/etc/azmon-rw/ca/bundle.pem");
        assertThat(proxy.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("azmon-rw-ca"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/azmon-rw/ca");
                    assertThat(m.getReadOnly()).isTrue();
                });
        Volume ca = out.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("azmon-rw-ca"))
                .findFirst()
                .orElseThrow();
        assertThat(ca.getConfigMap().getName()).isEqualTo("corp-ca");
        assertThat(ca.getConfigMap().getOptional())
                .as("a missing ConfigMap must not block the pod")
                .isTrue();
        for (Container c : out.getSpec().getContainers()) {
            if (!c.getName().equals("prom-remotewrite")) {
                assertThat(c.getVolumeMounts()).noneMatch(m -> m.getName().equals("azmon-rw-ca"));
            }
        }
        assertThat(out.getMetadata().getAnnotations().get("azmon-rw.io/status"))
                .isEqualTo(
                        "{\"version\":\"1.0.0\",\"mode\":\"container\",\"container\":\"prom-remotewrite\",\"volumes\":[\"azmon-rw-token\",\"azmon-rw-tmp\",\"azmon-rw-ca\"]}");
        PatchChecks.checkValid(out);
    }

    @Test
    void withoutExtrasThereIsNoClusterNoCaBundleAndNoCaVolume() {
        Pod out = new PodMutator()
                .mutate(PodPatches.toPod(TestPods.pod("kps-prometheus.json")), spec(false, Optional.empty()));
        assertThat(PatchChecks.proxy(out).getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("CLUSTER", "CA_BUNDLE_FILE");
        assertThat(out.getSpec().getVolumes()).extracting(Volume::getName).doesNotContain("azmon-rw-ca");
    }

    @Test
    void addsExtraEnvAfterItsOwnAndNeverOverridesAVariableItSets() {
        EnvVar secretRef = new EnvVarBuilder()
                .withName("HTTPS_PROXY")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName("egress")
                .withKey("url")
                .endSecretKeyRef()
                .endValueFrom()
                .build();
        List<EnvVar> extra = List.of(
                new EnvVar("LOG_LEVEL", "DEBUG", null),
                secretRef,
                new EnvVar("INGESTION_URL", "https://elsewhere.example/", null),
                new EnvVar("CLUSTER", "other", null));
        Pod out = new PodMutator()
                .mutate(
                        PodPatches.toPod(TestPods.pod("kps-prometheus.json")),
                        withExtras(new ProxyExtras(Optional.of("c1"), extra, Optional.empty(), "ca-bundle.crt")));
        List<EnvVar> env = PatchChecks.proxy(out).getEnv();
        assertThat(env)
                .extracting(EnvVar::getName)
                .containsExactly(
                        "INGESTION_URL",
                        "LISTENING_PORT",
                        "IDENTITY_TYPE",
                        "AZURE_CLIENT_ID",
                        "AZURE_TENANT_ID",
                        "AZURE_FEDERATED_TOKEN_FILE",
                        "AZURE_AUTHORITY_HOST",
                        "CLOUD",
                        "CLUSTER",
                        "LOG_LEVEL",
                        "HTTPS_PROXY");
        assertThat(env.get(0).getValue()).isEqualTo(TestPods.INGESTION_URL);
        assertThat(env.get(8).getValue()).isEqualTo("c1");
        assertThat(env.get(9).getValue()).isEqualTo("DEBUG");
        assertThat(env.get(10).getValueFrom().getSecretKeyRef().getName()).isEqualTo("egress");
        PatchChecks.checkValid(out);
    }

    @Test
    void diffOfAPodWithItselfIsEmpty() {
        Pod in = PodPatches.toPod(TestPods.pod("azure-wi-v1.6.json"));
        assertThat(PodPatches.diff(in, in)).isEmpty();
    }
}
