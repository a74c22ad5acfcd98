package io.azmonrw.webhook.manifests;

import static io.azmonrw.webhook.manifests.ManifestFiles.named;
import static io.azmonrw.webhook.manifests.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The manifests, parsed offline into typed objects and checked against docs/design.md and issue 5 (no kubectl needed). */
class ManifestsTest {
    static final Path ROOT = ManifestFiles.repoRoot();
    static final Path MANIFESTS = ROOT.resolve("manifests");

    static Set<ManifestInvariants.Grant> selfManagedGrants(Map<String, String> env) {
        var allowed = new HashSet<ManifestInvariants.Grant>(ManifestInvariants.BASE_GRANTS);
        allowed.addAll(ManifestInvariants.EVENT_GRANTS);
        allowed.addAll(ManifestInvariants.RECONCILER_GRANTS);
        allowed.addAll(ManifestInvariants.grants(
                List.of(""),
                List.of("secrets"),
                List.of("get", "update", "patch"),
                List.of(env.get("CERT_SECRET_NAME"))));
        allowed.addAll(ManifestInvariants.grants(
                List.of("admissionregistration.k8s.io"),
                List.of("mutatingwebhookconfigurations"),
                List.of("get", "update", "patch"),
                List.of(env.get("WEBHOOK_CONFIG_NAME"))));
        return allowed;
    }

    static Set<ManifestInvariants.Grant> baseGrants() {
        var allowed = new HashSet<ManifestInvariants.Grant>(ManifestInvariants.BASE_GRANTS);
        allowed.addAll(ManifestInvariants.EVENT_GRANTS);
        allowed.addAll(ManifestInvariants.RECONCILER_GRANTS);
        return allowed;
    }

    /** Kubernetes object files: everything but kustomizations, Helm values and the script's git-ignored output. */
    static List<Path> objectFiles() throws IOException {
        try (Stream<Path> s = Files.walk(MANIFESTS)) {
            return s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.getFileName().toString().endsWith("-values.yaml"))
                    .filter(p -> !MANIFESTS.relativize(p).startsWith(Path.of("self-signed", "tls")))
                    // rules files, promtool tests and operator CRDs: MonitoringRulesTest and MonitoringComponentTest
                    .filter(p -> !MANIFESTS.relativize(p).startsWith(Path.of("monitoring")))
                    .sorted()
                    .toList();
        }
    }

    /** Asserts nothing in {@code objects} carries an unrecognised field; cert-manager kinds have no typed model. */
    static void assertAllTyped(List<HasMetadata> objects, String where) {
        for (HasMetadata o : objects) {
            if (o instanceof GenericKubernetesResource g) {
                assertThat(g.getApiVersion())
                        .as(where + ": untyped " + g.getKind())
                        .startsWith("cert-manager.io/");
            } else {
                assertThat(ManifestFiles.unknownFields(o))
                        .as(where + ": " + o.getKind() + " " + o.getMetadata().getName())
                        .isEmpty();
            }
        }
    }

    @Test
    void everyManifestParsesIntoTypedObjectsWithNoUnknownField() throws IOException {
        List<Path> files = objectFiles();
        assertThat(files).hasSizeGreaterThan(15);
        int objects = 0;
        for (Path f : files) {
            List<HasMetadata> parsed = ManifestFiles.objects(f);
            assertThat(parsed).as(f.toString()).isNotEmpty();
            assertAllTyped(parsed, MANIFESTS.relativize(f).toString());
            objects += parsed.size();
        }
        assertThat(objects).isGreaterThan(files.size());
    }

    @Test
    void unknownFieldCheckReportsMisspelledFields() throws Exception {
        Path fixture = Path.of(
                getClass().getResource("/manifests/misspelled-deployment.yaml").toURI());
        List<String> unknown =
                ManifestFiles.unknownFields(ManifestFiles.objects(fixture).get(0));
        assertThat(unknown).hasSize(2);
        assertThat(unknown).anySatisfy(u -> assertThat(u).contains("spec").contains("replica"));
        assertThat(unknown)
                .anySatisfy(u -> assertThat(u).contains("securityContext").contains("readOnlyRootFileSystem"));
    }

    @Test
    void everyKustomizationListsFilesThatExist() {
        List<Path> dirs = ManifestFiles.kustomizationDirs(MANIFESTS);
        assertThat(dirs)
                .extracting(d -> MANIFESTS.relativize(d).toString().replace('\\', '/'))
                .contains("base", "self-signed", "cert-manager", "self-managed", "examples/install");
        String script = ManifestFiles.read(ROOT.resolve("certs/webhook-certs.sh"));
        for (Path dir : dirs) {
            for (String field : List.of("resources", "patches", "components")) {
                for (String entry : ManifestFiles.listed(dir, field)) {
                    if (entry.startsWith("https://")) {
                        // a remote base (the copy-out example): pinned to a release tag, never a moving branch
                        assertThat(entry)
                                .as(dir + " lists " + entry)
                                .matches(
                                        "https://github\\.com/[^/]+/azmon-remote-write//manifests/[a-z-]+\\?ref=v\\d+\\.\\d+\\.\\d+");
                        continue;
                    }
                    Path p = dir.resolve(entry).normalize();
                    if (MANIFESTS.relativize(dir).equals(Path.of("self-signed")) && entry.startsWith("tls/")) {
                        // written by certs/webhook-certs.sh, git-ignored because it holds a private key
                        assertThat(ManifestFiles.read(dir.resolve(".gitignore")))
                                .contains("tls/");
                        assertThat(script).contains(Path.of(entry).getFileName().toString());
                        continue;
                    }
                    assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
                            .as(dir + " lists " + entry)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void baseSatisfiesEveryInvariant() {
        List<HasMetadata> base = ManifestFiles.resources(MANIFESTS.resolve("base"));
        ManifestInvariants.checkInstall(base, baseGrants());
        assertThat(ManifestInvariants.env(base)).containsEntry("CERT_MODE", "files");
    }

    @Test
    void selfManagedOverlayGrantsOnlyItsOwnSecretAndWebhookConfigAndShipsTheSecretEmpty() {
        List<HasMetadata> base = ManifestFiles.resources(MANIFESTS.resolve("base"));
        Map<String, String> env = ManifestInvariants.env(base);
        Path overlay = MANIFESTS.resolve("self-managed");
        List<HasMetadata> added = new java.util.ArrayList<>(ManifestFiles.objects(overlay.resolve("rbac.yaml")));
        added.addAll(ManifestFiles.objects(overlay.resolve("secret.yaml")));

        Role role = one(added, Role.class);
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("secrets");
            assertThat(r.getResourceNames()).containsExactly(env.get("CERT_SECRET_NAME"));
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "update", "patch");
        });
        ClusterRole clusterRole = one(added, ClusterRole.class);
        assertThat(clusterRole.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("mutatingwebhookconfigurations");
            assertThat(r.getResourceNames()).containsExactly(env.get("WEBHOOK_CONFIG_NAME"));
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "update", "patch");
        });
        Secret secret = one(added, Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo(env.get("CERT_SECRET_NAME"));
        assertThat(secret.getData()).isNullOrEmpty();
        var all = new java.util.ArrayList<>(base);
        all.addAll(added);
        ManifestInvariants.checkRbac(all, selfManagedGrants(env));

        var patch = ManifestFiles.objects(overlay.resolve("cert-mode-patch.yaml"));
        assertThat(((io.fabric8.kubernetes.api.model.ConfigMap) patch.get(0)).getData())
                .containsEntry("CERT_MODE", "self-managed");
    }

    @Test
    void healEvictComponentAddsOnlyTheEvictionApiAndTheBaseCannotEvict() {
        List<HasMetadata> base = ManifestFiles.resources(MANIFESTS.resolve("base"));
        assertThat(base)
                .noneMatch(o -> o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole r
                        && r.getRules().stream()
                                .anyMatch(
                                        rule -> rule.getResources().stream().anyMatch(res -> res.startsWith("pods/"))));
        Path component = MANIFESTS.resolve("components").resolve("heal-evict");
        var all = new java.util.ArrayList<>(base);
        all.addAll(ManifestFiles.objects(component.resolve("rbac.yaml")));
        var allowed = baseGrants();
        allowed.addAll(ManifestInvariants.EVICT_GRANTS);
        ManifestInvariants.checkRbac(all, allowed);
        // the component is a kustomize Component: it grants the eviction and switches the mode together
        var patch = ManifestFiles.objects(component.resolve("heal-mode-patch.yaml"));
        assertThat(((io.fabric8.kubernetes.api.model.ConfigMap) patch.get(0)).getData())
                .containsEntry("HEAL_MODE", "evict");
        assertThat(patch.get(0).getMetadata().getName()).isEqualTo(ManifestInvariants.CONFIG_MAP);
    }

    @SuppressWarnings("unchecked")
    @Test
    void certManagerOverlayIssuesTheServedSecretAndInjectsItsCa() {
        List<HasMetadata> base = ManifestFiles.resources(MANIFESTS.resolve("base"));
        String ns = ManifestInvariants.namespace(base);
        Map<String, String> env = ManifestInvariants.env(base);
        Path overlay = MANIFESTS.resolve("cert-manager");
        GenericKubernetesResource cert = ManifestFiles.objects(overlay.resolve("certificate.yaml")).stream()
                .filter(o -> o.getKind().equals("Certificate"))
                .map(GenericKubernetesResource.class::cast)
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) cert.getAdditionalProperties().get("spec");
        assertThat(spec.get("secretName")).isEqualTo(env.get("CERT_SECRET_NAME"));
        String svc = one(base, io.fabric8.kubernetes.api.model.Service.class)
                .getMetadata()
                .getName();
        assertThat((List<Object>) spec.get("dnsNames"))
                .containsExactlyInAnyOrder(
                        svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local");
        var mwcPatch = (MutatingWebhookConfiguration)
                ManifestFiles.objects(overlay.resolve("inject-ca-patch.yaml")).get(0);
        assertThat(mwcPatch.getMetadata().getName()).isEqualTo(env.get("WEBHOOK_CONFIG_NAME"));
        assertThat(mwcPatch.getMetadata().getAnnotations())
                .containsEntry(
                        "cert-manager.io/inject-ca-from",
                        ns + "/" + cert.getMetadata().getName());
    }

    @SuppressWarnings("unchecked")
    @Test
    void exampleInstallIsPinnedToTheReleaseItsImagesNameAndMarksEveryValueToFillIn() {
        Path install = MANIFESTS.resolve("examples/install");
        Map<String, Object> k = ManifestFiles.yamlMap(install.resolve("kustomization.yaml"));
        var base = (List<Map<String, Object>>) ManifestFiles.yamlMap(MANIFESTS.resolve("base/kustomization.yaml"))
                .get("images");
        String tag = (String) base.get(0).get("newTag");
        // copied out of the repository it must still build: a remote base, at the tag of the images it installs
        assertThat((List<Object>) k.get("resources"))
                .containsExactly("https://github.com/azmon-rw/azmon-remote-write//manifests/self-managed?ref=v" + tag);
        assertThat((List<Object>) k.get("images")).singleElement().satisfies(i -> {
            Map<String, Object> image = (Map<String, Object>) i;
            assertThat(image.get("name")).isEqualTo(base.get(0).get("name"));
            assertThat(image.get("newTag")).isEqualTo(tag);
            assertThat((String) image.get("newName")).startsWith("<your-registry>/");
        });
        var patch = (io.fabric8.kubernetes.api.model.ConfigMap)
                ManifestFiles.objects(install.resolve("webhook-env-patch.yaml")).get(0);
        assertThat(patch.getData())
                .containsOnlyKeys("INGESTION_URL", "DEFAULT_TENANT_ID", "CLUSTER")
                .allSatisfy((key, v) -> assertThat(v).as(key).contains("<your-"));
        assertThat(patch.getData()).doesNotContainKey("PROXY_IMAGE");
    }

    @SuppressWarnings("unchecked")
    @Test
    void examplesWriteToTheInjectedProxyAndOptTheNamespaceIn() {
        Path examples = MANIFESTS.resolve("examples");
        Map<String, Object> values = ManifestFiles.yamlMap(examples.resolve("kube-prometheus-stack-values.yaml"));
        assertThat(values).containsOnlyKeys("prometheus");
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) ((Map<String, Object>) values.get("prometheus")).get("prometheusSpec");
        assertThat(spec).containsOnlyKeys("remoteWrite");
        assertThat((List<Object>) spec.get("remoteWrite"))
                .containsExactly(Map.of(
                        "url",
                        "http://localhost:" + Contract.Injection.DEFAULT_PROXY_PORT + Contract.ProxyEnv.WRITE_PATH));

        Namespace ns = (Namespace) ManifestFiles.objects(examples.resolve("monitoring-namespace.yaml"))
                .get(0);
        assertThat(ns.getMetadata().getLabels())
                .containsEntry(Contract.Keys.NAMESPACE_INJECTION, Contract.Keys.NAMESPACE_INJECTION_ENABLED);
        ServiceAccount sa = (ServiceAccount) ManifestFiles.objects(examples.resolve("prometheus-serviceaccount.yaml"))
                .get(0);
        assertThat(sa.getMetadata().getAnnotations())
                .containsKeys(Contract.Keys.WI_CLIENT_ID, Contract.Keys.WI_TENANT_ID);
    }

    @Test
    void standaloneProxyExampleListsAllowedWritersAndPassesRestricted() {
        List<HasMetadata> objects = ManifestFiles.objects(MANIFESTS.resolve("examples/standalone-proxy.yaml"));
        Deployment d = one(objects, Deployment.class);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(Contract.Keys.WI_USE, "true");
        ManifestInvariants.checkRestricted(d.getSpec().getTemplate().getSpec());
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getEnv())
                .extracting(EnvVar::getName)
                .contains(
                        Contract.ProxyEnv.INGESTION_URL,
                        Contract.ProxyEnv.ALLOWED_WRITERS,
                        Contract.ProxyEnv.LISTENING_PORT);
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo(Contract.Injection.PORT_NAME);
            assertThat(p.getContainerPort()).isEqualTo(Contract.Injection.DEFAULT_PROXY_PORT);
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(Contract.Injection.HEALTH_PATH);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(Contract.Injection.READY_PATH);
        assertThat(c.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(Contract.Injection.TMP_MOUNT_PATH));
        var svc = one(objects, io.fabric8.kubernetes.api.model.Service.class);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(named(
                        objects,
                        ServiceAccount.class,
                        d.getSpec().getTemplate().getSpec().getServiceAccountName()))
                .isPresent();
    }

    @Test
    void standaloneProxyExampleAdmitsOnlyLabelledWritersAndANarrowRange() {
        List<HasMetadata> objects = ManifestFiles.objects(MANIFESTS.resolve("examples/standalone-proxy.yaml"));
        Container c = one(objects, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        String writers = c.getEnv().stream()
                .filter(e -> e.getName().equals(Contract.ProxyEnv.ALLOWED_WRITERS))
                .findFirst()
                .orElseThrow()
                .getValue();
        // issue 16: all of 10.0.0.0/8 let every pod spend the proxy's budget
        for (String cidr : writers.split(",")) {
            assertThat(Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1).trim()))
                    .as(cidr)
                    .isGreaterThanOrEqualTo(16);
        }
        var policy = one(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "azmon-rw-proxy");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .containsEntry("azmon-rw.io/remote-writer", "true"));
            assertThat(rule.getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8081));
        });
    }
}
