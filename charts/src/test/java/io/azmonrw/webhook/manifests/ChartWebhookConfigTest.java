package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.WebhookConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook's own configuration reader accepts what the chart renders, for every value set: the pods start. */
class ChartWebhookConfigTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "defaults",
                "cert-manager.yaml",
                "cert-manager-clusterissuer.yaml",
                "provided.yaml",
                "failure-fail.yaml",
                "proxy-env.yaml",
                "ingestion.yaml",
                "monitoring.yaml",
                "registry.yaml",
                "selectors.yaml",
                "heal-evict.yaml",
                "pod-settings.yaml"
            })
    void theWebhookReadsTheRenderedEnvironmentWithoutAProblem(String valuesFile, @TempDir Path mounted)
            throws Exception {
        List<HasMetadata> objects = valuesFile.equals("defaults")
                ? Charts.install(List.of(), Map.of())
                : Charts.install(List.of(Charts.values(valuesFile)), Map.of());
        // what the pod's environment holds: the ConfigMap (envFrom), then the Deployment's own env, whose Downward API
        // values the kubelet fills in (namespace and pod name)
        Map<String, String> env = new HashMap<>(ManifestInvariants.env(objects));
        for (EnvVar e : ManifestInvariants.webhookContainer(objects).getEnv()) {
            String field = e.getValueFrom() == null
                    ? null
                    : e.getValueFrom().getFieldRef().getFieldPath();
            env.put(
                    e.getName(),
                    e.getValue() != null
                            ? e.getValue()
                            : "metadata.namespace".equals(field)
                                    ? Charts.NAMESPACE
                                    : "azmon-rw-webhook-7d9f8b6c5d-x2x9q");
        }
        if (env.get("CERT_MODE").equals("files")) {
            // the kubelet mounts the Secret's files there (ManifestInvariants checks the paths lie in that volume)
            for (String key : List.of("TLS_CERT_FILE", "TLS_KEY_FILE")) {
                Path file = mounted.resolve(Path.of(env.get(key)).getFileName());
                Files.writeString(file, "stand-in for the mounted Secret's " + file.getFileName());
                env.put(key, file.toString());
            }
        }
        WebhookConfig config = WebhookConfig.fromEnv(env);
        assertThat(config.toString()).contains(Charts.NAMESPACE);
    }
}
