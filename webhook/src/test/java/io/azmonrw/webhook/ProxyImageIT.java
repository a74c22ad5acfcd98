package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROXY_IMAGE unset: the webhook reads its own pod through the API (KubernetesMockServer in CRUD mode). */
@EnableKubernetesMockClient(crud = true, https = false)
class ProxyImageIT {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void pods() {
        client.pods()
                .inNamespace("azmon-rw-system")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook-abc")
                        .withNamespace("azmon-rw-system")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("webhook")
                        .withImage("myregistry.example:5000/mirror/azmon-rw-webhook:0.4.2")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    private WebhookConfig config(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TLS_CERT_FILE", Files.writeString(dir.resolve("c"), "c").toString());
        env.put("TLS_KEY_FILE", Files.writeString(dir.resolve("k"), "k").toString());
        env.put("POD_NAMESPACE", "azmon-rw-system");
        env.putAll(extra);
        return WebhookConfig.fromEnv(env);
    }

    @Test
    void derivesTheProxyImageFromTheWebhooksOwnImage() throws Exception {
        WebhookConfig c = ProxyImage.settle(config(Map.of("POD_NAME", "azmon-rw-webhook-abc")), client);
        assertThat(c.proxyImage()).isEqualTo("myregistry.example:5000/mirror/azmon-rw-proxy:0.4.2");
        assertThat(c.proxyImageConfigured()).isTrue();
    }

    @Test
    void aConfiguredProxyImageWinsAndNeedsNoApiCall() throws Exception {
        WebhookConfig c = ProxyImage.settle(
                config(Map.of("POD_NAME", "azmon-rw-webhook-abc", "PROXY_IMAGE", "other.example/p:1")), null);
        assertThat(c.proxyImage()).isEqualTo("other.example/p:1");
    }

    @Test
    void withoutAPodNameTheReleaseImageStays() throws Exception {
        assertThat(ProxyImage.settle(config(Map.of()), null).proxyImage()).isEqualTo(ProxyImage.releaseImage());
    }

    @Test
    void thePackagedWebhooksReleaseImageCarriesThePomVersion() throws Exception {
        // the version comes from the jar's manifest, so load the class from the packaged jar and its lib/ as the
        // container runs it; the POM is the independent source of the expected version
        String pom = Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<artifactId>azmon-rw-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("parent version in webhook/pom.xml").isTrue();
        java.util.List<java.net.URL> urls = new java.util.ArrayList<>();
        urls.add(Path.of("target/azmon-rw-webhook.jar").toUri().toURL());
        try (var libs = Files.list(Path.of("target/lib"))) {
            for (Path p : libs.toList()) {
                urls.add(p.toUri().toURL());
            }
        }
        try (var loader =
                new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Object image = loader.loadClass(ProxyImage.class.getName())
                    .getMethod("releaseImage")
                    .invoke(null);
            assertThat(image).isEqualTo("ghcr.io/azmon-rw/azmon-rw-proxy:" + m.group(1));
        }
    }

    @Test
    void aMissingOwnPodStopsTheStartWithOneLine() throws Exception {
        assertThatThrownBy(() -> ProxyImage.settle(config(Map.of("POD_NAME", "gone")), client))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("azmon-rw-system/gone")
                .hasMessageContaining("set PROXY_IMAGE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
