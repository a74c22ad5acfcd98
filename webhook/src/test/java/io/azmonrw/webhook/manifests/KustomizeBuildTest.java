package io.azmonrw.webhook.manifests;

import static io.azmonrw.webhook.manifests.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.azmonrw.common.config.ConfigException;
import io.azmonrw.webhook.ProxyImage;
import io.azmonrw.webhook.WebhookConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds every overlay with {@code kubectl kustomize} (offline) and checks the result like the base. Skipped, with a
 * message, where kubectl is not installed (Debian: {@code apt-get install kubernetes-client}); ManifestsTest still runs.
 */
class KustomizeBuildTest {
    static Path kubectl;

    @TempDir
    static Path work;

    static Path manifests;

    @BeforeAll
    static void copyAndGenerateCertificates() {
        Optional<Path> found = Tools.find("kubectl");
        assumeTrue(
                found.isPresent(),
                "kubectl not found on PATH: skipping the kustomize builds (ManifestsTest covers the files)");
        kubectl = found.get();
        Tools.copyTree(ManifestsTest.MANIFESTS, work.resolve("manifests"));
        Tools.copyTree(ManifestsTest.ROOT.resolve("certs"), work.resolve("certs"));
        manifests = work.resolve("manifests");
        // the example pulls its base from GitHub at the release tag (ManifestsTest checks the pin): build it offline
        // against this checkout's copy of that base instead
        Path example = manifests.resolve("examples/install/kustomization.yaml");
        Tools.write(
                example,
                ManifestFiles.read(example)
                        .replaceAll(
                                "https://github\\.com/\\S+//manifests/self-managed\\?ref=\\S+", "../../self-managed"));
        // a checkout may hold a generated tls/ of its own: start from what git holds
        Tools.runOk(
                work, List.of("rm", "-rf", manifests.resolve("self-signed/tls").toString()));
        Tools.runOk(work, List.of("bash", work.resolve("certs/webhook-certs.sh").toString(), "generate"));
    }

    static List<HasMetadata> build(String overlay) {
        String yaml = Tools.runOk(
                work,
                List.of(
                        kubectl.toString(),
                        "kustomize",
                        manifests.resolve(overlay).toString()));
        List<HasMetadata> objects = ManifestFiles.objects(yaml);
        ManifestsTest.assertAllTyped(objects, overlay);
        return objects;
    }

    @Test
    void selfSignedOverlayServesTheScriptsCertificateAndTrustsItsCa() throws Exception {
        List<HasMetadata> objects = build("self-signed");
        ManifestInvariants.checkInstall(objects, ManifestsTest.baseGrants());
        String caBundle = Base64.getEncoder()
                .encodeToString(Files.readAllBytes(manifests.resolve("self-signed/tls/ca-bundle.crt")));
        assertThat(one(objects, MutatingWebhookConfiguration.class).getWebhooks())
                .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(caBundle));
        Secret secret = one(objects, Secret.class);
        assertThat(secret.getMetadata().getName())
                .isEqualTo(ManifestInvariants.env(objects).get("CERT_SECRET_NAME"));
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("tls.crt")), StandardCharsets.US_ASCII))
                .isEqualTo(Files.readString(manifests.resolve("self-signed/tls/tls.crt")));
    }

    @Test
    void certManagerOverlayAnnotatesTheWebhookConfigForCaInjection() {
        List<HasMetadata> objects = build("cert-manager");
        ManifestInvariants.checkInstall(objects, ManifestsTest.baseGrants());
        String ns = ManifestInvariants.namespace(objects);
        assertThat(one(objects, MutatingWebhookConfiguration.class)
                        .getMetadata()
                        .getAnnotations())
                .containsEntry(
                        "cert-manager.io/inject-ca-from",
                        ns + "/" + ManifestInvariants.env(objects).get("CERT_SECRET_NAME"));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Certificate", "Issuer");
    }

    @Test
    void selfManagedOverlayWritesItsOwnFilesWithOnlyItsNamedPermissions() {
        List<HasMetadata> objects = build("self-managed");
        var env = ManifestInvariants.env(objects);
        assertThat(env).containsEntry("CERT_MODE", "self-managed");
        ManifestInvariants.checkInstall(objects, ManifestsTest.selfManagedGrants(env));
        var pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("tls"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret()).isNull());
    }

    @Test
    void exampleInstallLeftWithItsPlaceholdersStopsTheWebhookWithOneMessageNamingEach() {
        List<HasMetadata> objects = build("examples/install");
        var env = ManifestInvariants.env(objects);
        ManifestInvariants.checkInstall(objects, ManifestsTest.selfManagedGrants(env));
        assertThat(env).containsEntry("CERT_MODE", "self-managed");
        assertThat(ManifestInvariants.webhookContainer(objects).getImage())
                .startsWith("<your-registry>/azmon-rw-webhook:");
        // what the webhook does with this ConfigMap in the cluster (POD_NAMESPACE from the Downward API)
        Map<String, String> podEnv = new HashMap<>(env);
        podEnv.put("POD_NAMESPACE", ManifestInvariants.namespace(objects));
        assertThatThrownBy(() -> WebhookConfig.fromEnv(podEnv))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .hasSize(3)
                        .anyMatch(p -> p.startsWith("INGESTION_URL:"))
                        .anyMatch(p -> p.startsWith("DEFAULT_TENANT_ID:"))
                        .anyMatch(p -> p.startsWith("CLUSTER:")));
    }

    @Test
    void exampleInstallFilledInStartsAndItsOneImageEntryMovesTheProxyImageAndAChangeRollsTheWebhook() {
        Path filled = manifests.resolve("examples/install-filled");
        Tools.copyTree(manifests.resolve("examples/install"), filled);
        Path patch = filled.resolve("webhook-env-patch.yaml");
        Tools.write(
                patch,
                ManifestFiles.read(patch)
                        .replace("<your-dce>.<region>", "my-dce-a1b2.westeurope")
                        .replace("<your-dcr-immutable-id>", "dcr-0123456789abcdef0123456789abcdef")
                        .replace("<your-tenant-id>", "72f988bf-86f1-41af-91ab-2d7cd011db47")
                        .replace("<your-cluster-name>", "aks-prod-weu"));
        Path k = filled.resolve("kustomization.yaml");
        Tools.write(k, ManifestFiles.read(k).replace("<your-registry>", "myacr.azurecr.io/mirror"));
        List<HasMetadata> objects = build("examples/install-filled");
        ManifestInvariants.checkInstall(objects, ManifestsTest.selfManagedGrants(ManifestInvariants.env(objects)));
        Map<String, String> podEnv = new HashMap<>(ManifestInvariants.env(objects));
        podEnv.put("POD_NAMESPACE", ManifestInvariants.namespace(objects));
        WebhookConfig config = WebhookConfig.fromEnv(podEnv);
        assertThat(config.cluster()).contains("aks-prod-weu");
        assertThat(config.proxyImageConfigured())
                .as("PROXY_IMAGE left to the derivation")
                .isFalse();
        Pod pod = new PodBuilder()
                .withSpec(one(objects, Deployment.class).getSpec().getTemplate().getSpec())
                .build();
        assertThat(ProxyImage.fromPod(pod)).isEqualTo("myacr.azurecr.io/mirror/azmon-rw-proxy:0.1.0");

        // the ConfigMap is read at start-up only: another content is another name, and the Deployment follows it
        String before = ManifestInvariants.configMap(build("examples/install"))
                .getMetadata()
                .getName();
        String after = ManifestInvariants.configMap(objects).getMetadata().getName();
        assertThat(after).isNotEqualTo(before).startsWith("azmon-rw-webhook-env-");
        assertThat(one(objects, Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnvFrom())
                .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(after));
    }

    @Test
    void everyBuiltOverlayRefersToAHashedConfigMapSoAChangeRollsTheWebhook() {
        for (String overlay : List.of("self-managed", "cert-manager", "self-signed")) {
            String name =
                    ManifestInvariants.configMap(build(overlay)).getMetadata().getName();
            assertThat(name).as(overlay).matches("azmon-rw-webhook-env-[a-z0-9]{10}");
        }
    }
}
