package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyImageTest {

    @ParameterizedTest
    @CsvSource({
        "ghcr.io/azmon-rw/azmon-rw-webhook:0.1.0, ghcr.io/azmon-rw/azmon-rw-proxy:0.1.0",
        "registry.corp:5000/team/sub/azmon-rw-webhook:1.2.3-rc1, registry.corp:5000/team/sub/azmon-rw-proxy:1.2.3-rc1",
        "localhost:5000/azmon-rw-webhook, localhost:5000/azmon-rw-proxy",
        "azmon-rw-webhook:dev, azmon-rw-proxy:dev",
        "myacr.azurecr.io/azmon-rw-webhook:0.2.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, myacr.azurecr.io/azmon-rw-proxy:0.2.0",
    })
    void replacesTheRepositoryNameAndKeepsRegistryAndTag(String webhook, String proxy) {
        assertThat(ProxyImage.fromWebhookImage(webhook)).isEqualTo(proxy);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ghcr.io/azmon-rw/azmon-rw-webhook@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "ghcr.io/azmon-rw/webhook:0.1.0",
                "ghcr.io/azmon-rw-webhook/other:0.1.0",
            })
    void refusesWhatCannotNameTheProxyImage(String webhook) {
        assertThatThrownBy(() -> ProxyImage.fromWebhookImage(webhook))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(webhook);
    }

    @Test
    void findsTheWebhookContainerAmongOthers() {
        Pod pod = new PodBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("istio-proxy")
                .withImage("docker.io/istio/proxyv2:1.22")
                .endContainer()
                .addNewContainer()
                .withName("webhook")
                .withImage("reg.example/azmon-rw-webhook:0.3.0")
                .endContainer()
                .endSpec()
                .build();
        assertThat(ProxyImage.fromPod(pod)).isEqualTo("reg.example/azmon-rw-proxy:0.3.0");
        Pod none = new PodBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("x")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build();
        assertThatThrownBy(() -> ProxyImage.fromPod(none)).hasMessageContaining("busybox");
    }

    @Test
    void theReleaseImageNamesTheOneRegistryAndThisVersion() {
        assertThat(ProxyImage.releaseImage())
                .startsWith("ghcr.io/azmon-rw/azmon-rw-proxy:")
                .doesNotEndWith(":latest");
        assertThat(WebhookConfig.DEFAULT_PROXY_IMAGE).isEqualTo(ProxyImage.releaseImage());
    }
}
