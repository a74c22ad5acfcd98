package io.azmonrw.webhook.manifests;

import static io.azmonrw.webhook.manifests.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
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
        assumeTrue(found.isPresent(), "kubectl not found on PATH: skipping the kustomize builds (ManifestsTest covers the files)");
        kubectl = found.get();
        Tools.copyTree(ManifestsTest.MANIFESTS, work.resolve("manifests"));
        Tools.copyTree(ManifestsTest.ROOT.resolve("certs"), work.resolve("certs"));
        manifests = work.resolve("manifests");
        // a checkout may hold a generated tls/ of its own: start from what git holds
        Tools.runOk(work, List.of("rm", "-rf", manifests.resolve("self-signed/tls").toString()));
        Tools.runOk(work, List.of("bash", work.resolve("certs/webhook-certs.sh").toString(), "generate"));
    }

    static List<HasMetadata> build(String overlay) {
        String yaml = Tools.runOk(work, List.of(kubectl.toString(), "kustomize", manifests.resolve(overlay).toString()));
        List<HasMetadata> objects = ManifestFiles.objects(yaml);
        ManifestsTest.assertAllTyped(objects, overlay);
        return objects;
    }

    @Test
    void selfSignedOverlayServesTheScriptsCertificateAndTrustsItsCa() throws Exception {
        List<HasMetadata> objects = build("self-signed");
        ManifestInvariants.checkInstall(objects, ManifestsTest.baseGrants());
        String caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(manifests.resolve("self-signed/tls/ca-bundle.crt")));
        assertThat(one(objects, MutatingWebhookConfiguration.class).getWebhooks())
                .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(caBundle));
        Secret secret = one(objects, Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo(ManifestInvariants.env(objects).get("CERT_SECRET_NAME"));
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("tls.crt")), StandardCharsets.US_ASCII))
                .isEqualTo(Files.readString(manifests.resolve("self-signed/tls/tls.crt")));
    }

    @Test
    void certManagerOverlayAnnotatesTheWebhookConfigForCaInjection() {
        List<HasMetadata> objects = build("cert-manager");
        ManifestInvariants.checkInstall(objects, ManifestsTest.baseGrants());
        String ns = ManifestInvariants.namespace(objects);
        assertThat(one(objects, MutatingWebhookConfiguration.class).getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from", ns + "/" + ManifestInvariants.env(objects).get("CERT_SECRET_NAME"));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Certificate", "Issuer");
    }

    @Test
    void selfManagedOverlayWritesItsOwnFilesWithOnlyItsNamedPermissions() {
        List<HasMetadata> objects = build("self-managed");
        var env = ManifestInvariants.env(objects);
        assertThat(env).containsEntry("CERT_MODE", "self-managed");
        ManifestInvariants.checkInstall(objects, ManifestsTest.selfManagedGrants(env));
        var pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tls")).singleElement()
                .satisfies(v -> assertThat(v.getSecret()).isNull());
    }

    @Test
    void exampleInstallOverlaySetsTheIngestionUrl() {
        List<HasMetadata> objects = build("examples/install");
        var env = ManifestInvariants.env(objects);
        ManifestInvariants.checkInstall(objects, ManifestsTest.selfManagedGrants(env));
        assertThat(env.get("INGESTION_URL")).startsWith("https://");
        assertThat(env).containsEntry("CERT_MODE", "self-managed");
    }
}
