package io.azmonrw.webhook.manifests;

import static io.azmonrw.webhook.manifests.ManifestFiles.named;
import static io.azmonrw.webhook.manifests.ManifestFiles.ofKind;
import static io.azmonrw.webhook.manifests.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.azmonrw.common.Contract;
import io.azmonrw.common.config.IngestionUrl;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helm lint} and {@code helm template} of the chart for each value set of issue 11, offline (helm-java). */
class ChartRenderTest {
    /** Chart.yaml read on its own: the image tag the chart must default to. */
    static final String APP_VERSION = String.valueOf(
            ManifestFiles.yamlMap(Charts.CHART.resolve("Chart.yaml")).get("appVersion"));

    static List<HasMetadata> render(String... valuesFiles) {
        return Charts.install(
                java.util.Arrays.stream(valuesFiles).map(Charts::values).toList(), Map.of());
    }

    static Map<String, Object> fixture(String name) {
        return ManifestFiles.yamlMap(Charts.values(name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @Test
    void lintPassesStrictWithNoWarning() {
        var result = Charts.lint();
        assertThat(result.isFailed()).as(String.valueOf(result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void defaultsRenderTheSelfManagedInstallWithTheReleaseImages() {
        List<HasMetadata> objects = render();
        ChartChecks.checkInstall(objects, false);
        Map<String, String> env = ManifestInvariants.env(objects);
        assertThat(env)
                .containsEntry("CERT_MODE", "self-managed")
                .containsEntry("SIDECAR_MODE", "auto")
                .containsEntry("CLOUD", "AZUREPUBLIC")
                .containsEntry("PROXY_CPU_REQUEST", "50m")
                .containsEntry("PROXY_CPU_LIMIT", "1")
                .containsEntry("PROXY_MEMORY_REQUEST", "128Mi")
                .containsEntry("PROXY_MEMORY_LIMIT", "256Mi")
                .containsEntry("HEAL_MODE", "report")
                .containsEntry("HEAL_RATE", "1")
                .containsEntry("HEAL_MIN_AGE", "2m")
                .containsEntry("PROXY_IMAGE", "ghcr.io/azmon-rw/azmon-rw-proxy:" + APP_VERSION)
                .doesNotContainKeys(
                        "INGESTION_URL",
                        "DEFAULT_TENANT_ID",
                        "CLUSTER",
                        "PROXY_EXTRA_ENV",
                        "PROXY_CA_BUNDLE_CONFIGMAP",
                        "EXCLUDED_NAMESPACES");
        assertThat(ManifestInvariants.webhookContainer(objects).getImage())
                .isEqualTo("ghcr.io/azmon-rw/azmon-rw-webhook:" + APP_VERSION);
        // the webhook fills the shipped Secret itself: empty here, and no create on secrets (checked by the invariants)
        Secret secret = one(objects, Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo(env.get("CERT_SECRET_NAME"));
        assertThat(secret.getData()).isNullOrEmpty();
        assertThat(ChartChecks.webhook(objects).getClientConfig().getCaBundle()).isNull();
        assertThat(ChartChecks.deployment(objects)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getImagePullSecrets())
                .isNullOrEmpty();
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .doesNotContain("ServiceMonitor", "PodMonitor", "PrometheusRule", "Certificate");
        // the only ConfigMap is the webhook's own (no dashboard unless asked for)
        assertThat(ofKind(objects, io.fabric8.kubernetes.api.model.ConfigMap.class))
                .singleElement()
                .satisfies(cm -> assertThat(cm.getMetadata().getLabels()).doesNotContainKey("grafana_dashboard"));
    }

    @Test
    void certManagerModeIssuesTheServedSecretAndInjectsItsCa() {
        List<HasMetadata> objects = render("cert-manager.yaml");
        ChartChecks.checkInstall(objects, false);
        Map<String, String> env = ManifestInvariants.env(objects);
        assertThat(env).containsEntry("CERT_MODE", "files");
        String secretName = env.get("CERT_SECRET_NAME");
        assertThat(one(objects, MutatingWebhookConfiguration.class)
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from", Charts.NAMESPACE + "/" + secretName);
        var generic = ofKind(objects, GenericKubernetesResource.class);
        GenericKubernetesResource cert = generic.stream()
                .filter(g -> g.getKind().equals("Certificate"))
                .findFirst()
                .orElseThrow();
        GenericKubernetesResource issuer = generic.stream()
                .filter(g -> g.getKind().equals("Issuer"))
                .findFirst()
                .orElseThrow();
        assertThat(cert.getMetadata().getName()).isEqualTo(secretName);
        assertThat(spec(cert))
                .containsEntry("secretName", secretName)
                .containsEntry(
                        "issuerRef",
                        Map.of("kind", "Issuer", "name", issuer.getMetadata().getName()));
        String svc = one(objects, Service.class).getMetadata().getName();
        String ns = Charts.NAMESPACE;
        assertThat(spec(cert).get("dnsNames"))
                .isEqualTo(
                        List.of(svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local"));
        assertThat(spec(issuer)).containsEntry("selfSigned", Map.of());
        assertThat(objects).noneMatch(o -> o instanceof Secret);
    }

    @Test
    void certManagerModeUsesAGivenIssuerInsteadOfItsOwn() {
        List<HasMetadata> objects = render("cert-manager-clusterissuer.yaml");
        ChartChecks.checkInstall(objects, false);
        var generic = ofKind(objects, GenericKubernetesResource.class);
        assertThat(generic).extracting(GenericKubernetesResource::getKind).containsExactly("Certificate");
        assertThat(spec(generic.get(0)).get("issuerRef"))
                .isEqualTo(((Map<?, ?>) ((Map<?, ?>) fixture("cert-manager-clusterissuer.yaml")
                                        .get("certs"))
                                .get("certManager"))
                        .get("issuerRef"));
    }

    @Test
    void providedModeServesTheGivenSecretAndTrustsTheGivenCa() throws Exception {
        List<HasMetadata> objects = render("provided.yaml");
        ChartChecks.checkInstall(objects, false);
        Map<String, String> env = ManifestInvariants.env(objects);
        assertThat(env)
                .containsEntry("CERT_MODE", "files")
                .containsEntry("CERT_SECRET_NAME", "my-webhook-serving-cert");
        // the caBundle is the fixture CA's PEM, base64-encoded once (compared with the PEM file, not the values file)
        byte[] pem = Files.readAllBytes(
                Path.of(getClass().getResource("/provided-ca.crt").toURI()));
        String caBundle = ChartChecks.webhook(objects).getClientConfig().getCaBundle();
        assertThat(new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII).strip())
                .isEqualTo(new String(pem, StandardCharsets.US_ASCII).strip());
        var ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(caBundle)));
        assertThat(ca.getSubjectX500Principal().getName()).contains("azmon-rw chart test CA");
        // no Secret, no Certificate and no certificate RBAC of the chart's own: the user's Secret is mounted as it is
        assertThat(objects).noneMatch(o -> o instanceof Secret || o instanceof GenericKubernetesResource);
        assertThat(ofKind(objects, Role.class))
                .flatExtracting(Role::getRules)
                .noneMatch(r -> r.getResources().contains("secrets"));
    }

    @Test
    void providedModeAcceptsACaBundleAlreadyInBase64() throws Exception {
        byte[] pem = Files.readAllBytes(
                Path.of(getClass().getResource("/provided-ca.crt").toURI()));
        String encoded = Base64.getEncoder().encodeToString(pem);
        List<HasMetadata> objects =
                Charts.install(List.of(Charts.values("provided.yaml")), Map.of("certs.caBundle", encoded));
        assertThat(ChartChecks.webhook(objects).getClientConfig().getCaBundle()).isEqualTo(encoded);
    }

    @Test
    void failurePolicyFailAndTimeoutReachTheWebhookConfiguration() {
        List<HasMetadata> objects = render("failure-fail.yaml");
        MutatingWebhook w = ChartChecks.webhook(objects);
        assertThat(w.getFailurePolicy()).isEqualTo(fixture("failure-fail.yaml").get("failurePolicy"));
        assertThat(w.getTimeoutSeconds()).isEqualTo(fixture("failure-fail.yaml").get("timeoutSeconds"));
        ChartChecks.checkInstall(ChartChecks.withDefaultWebhookSettings(objects, List.of()), false);
    }

    @Test
    void proxyExtraEnvCaBundleAndClusterReachTheWebhookConfiguration() throws Exception {
        List<HasMetadata> objects = render("proxy-env.yaml");
        ChartChecks.checkInstall(objects, false);
        Map<String, String> env = ManifestInvariants.env(objects);
        Map<String, Object> values = fixture("proxy-env.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> proxy = (Map<String, Object>) values.get("proxy");
        // PROXY_EXTRA_ENV: a JSON array of EnvVar objects, equal to the list in the values file
        List<EnvVar> expected =
                ManifestFiles.YAML.convertValue(proxy.get("extraEnv"), new TypeReference<List<EnvVar>>() {});
        List<EnvVar> actual =
                ManifestFiles.K8S.unmarshal(env.get("PROXY_EXTRA_ENV"), new TypeReference<List<EnvVar>>() {});
        assertThat(actual).isEqualTo(expected).hasSize(4);
        assertThat(env.get("PROXY_EXTRA_ENV")).startsWith("[{");
        assertThat(env)
                .containsEntry("PROXY_CA_BUNDLE_CONFIGMAP", "corp-trust-bundle")
                .containsEntry("PROXY_CA_BUNDLE_KEY", "corp-ca.pem")
                .containsEntry("CLUSTER", String.valueOf(values.get("cluster")));
    }

    @Test
    void caBundleKeyDefaultsToCaBundleCrt() {
        List<HasMetadata> objects = Charts.install(List.of(), Map.of("proxy.caBundle.configMapName", "trust"));
        assertThat(ManifestInvariants.env(objects))
                .containsEntry("PROXY_CA_BUNDLE_CONFIGMAP", "trust")
                .containsEntry("PROXY_CA_BUNDLE_KEY", "ca-bundle.crt");
    }

    @Test
    void ingestionUrlAndTenantBecomeTheWebhookDefaults() {
        List<HasMetadata> objects = render("ingestion.yaml");
        ChartChecks.checkInstall(objects, false);
        Map<String, String> env = ManifestInvariants.env(objects);
        Map<String, Object> values = fixture("ingestion.yaml");
        assertThat(env)
                .containsEntry("INGESTION_URL", String.valueOf(values.get("ingestionUrl")))
                .containsEntry("DEFAULT_TENANT_ID", String.valueOf(values.get("tenantId")));
        assertThat(IngestionUrl.problem(URI.create(env.get("INGESTION_URL")), false))
                .isEmpty();
    }

    @Test
    void monitoringOnAddsScrapeObjectsAlertsAndTheDashboardAllLabelledForTheOperator() {
        List<HasMetadata> objects = render("monitoring.yaml");
        ChartChecks.checkInstall(objects, false);
        var generic = ofKind(objects, GenericKubernetesResource.class);
        GenericKubernetesResource sm = generic.stream()
                .filter(g -> g.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
        GenericKubernetesResource pm = generic.stream()
                .filter(g -> g.getKind().equals("PodMonitor"))
                .findFirst()
                .orElseThrow();
        GenericKubernetesResource rule = generic.stream()
                .filter(g -> g.getKind().equals("PrometheusRule"))
                .findFirst()
                .orElseThrow();
        var dashboard = ofKind(objects, io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(cm -> cm.getData().containsKey("azmon-rw-dashboard.json"))
                .findFirst()
                .orElseThrow();
        // the dashboard keeps the Grafana sidecar's label next to the one added
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        for (HasMetadata m : List.of(sm, pm, rule, dashboard)) {
            assertThat(m.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
            assertThat(m.getMetadata().getNamespace()).isEqualTo(Charts.NAMESPACE);
        }
        // the ServiceMonitor selects the webhook's Service and scrapes its management port
        Service svc = one(objects, Service.class);
        @SuppressWarnings("unchecked")
        Map<String, String> smSelector =
                (Map<String, String>) ((Map<String, Object>) spec(sm).get("selector")).get("matchLabels");
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(smSelector);
        assertThat(spec(sm).get("endpoints"))
                .isEqualTo(List.of(Map.of(
                        "port",
                        "management",
                        "path",
                        "/metrics",
                        "scheme",
                        "http",
                        "interval",
                        "30s",
                        "honorLabels",
                        true)));
        assertThat(svc.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("management");
            assertThat(p.getPort()).isEqualTo(Contract.WebhookEnv.DEFAULT_MANAGEMENT_PORT);
        });
        // the PodMonitor: the label the webhook puts on injected pods, the proxy's port name, every namespace
        assertThat(spec(pm).get("selector"))
                .isEqualTo(Map.of("matchLabels", Map.of(Contract.Keys.PROXY, Contract.Keys.PROXY_INJECTED)));
        assertThat(spec(pm).get("namespaceSelector")).isEqualTo(Map.of("any", true));
        assertThat(spec(pm).get("podMetricsEndpoints"))
                .isEqualTo(List.of(Map.of(
                        "port",
                        Contract.Injection.PORT_NAME,
                        "path",
                        "/metrics",
                        "scheme",
                        "http",
                        "interval",
                        "30s")));
    }

    @Test
    void oneRegistryValueMovesBothImages() {
        List<HasMetadata> objects = render("registry.yaml");
        ChartChecks.checkInstall(objects, false);
        @SuppressWarnings("unchecked")
        String registry =
                (String) ((Map<String, Object>) fixture("registry.yaml").get("image")).get("registry");
        var c = ManifestInvariants.webhookContainer(objects);
        assertThat(c.getImage()).isEqualTo(registry + "/azmon-rw-webhook:" + APP_VERSION);
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(ManifestInvariants.env(objects))
                .containsEntry("PROXY_IMAGE", registry + "/azmon-rw-proxy:" + APP_VERSION);
        assertThat(ChartChecks.deployment(objects)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("myregistry-pull");
        // and one tag value moves both too
        List<HasMetadata> tagged =
                Charts.install(List.of(Charts.values("registry.yaml")), Map.of("image.tag", "0.2.0-rc1"));
        assertThat(ManifestInvariants.webhookContainer(tagged).getImage())
                .isEqualTo(registry + "/azmon-rw-webhook:0.2.0-rc1");
        assertThat(ManifestInvariants.env(tagged)).containsEntry("PROXY_IMAGE", registry + "/azmon-rw-proxy:0.2.0-rc1");
    }

    @Test
    void extraSelectorTermsAreAddedToTheBuiltInOnesNeverInTheirPlace() {
        List<HasMetadata> objects = render("selectors.yaml");
        MutatingWebhook w = ChartChecks.webhook(objects);
        assertThat(w.getNamespaceSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Contract.Keys.NAMESPACE_INJECTION,
                        Contract.Keys.NAMESPACE_INJECTION_ENABLED,
                        "team",
                        "observability"));
        assertThat(w.getNamespaceSelector().getMatchExpressions()).hasSize(2);
        assertThat(w.getNamespaceSelector().getMatchExpressions().get(0).getValues())
                .containsExactlyInAnyOrder(
                        "kube-system", "kube-public", "kube-node-lease", Charts.NAMESPACE, "sandbox");
        assertThat(w.getNamespaceSelector().getMatchExpressions().get(1).getKey())
                .isEqualTo("environment");
        assertThat(w.getObjectSelector().getMatchLabels()).containsExactly(Map.entry("azmon-rw.io/tier", "gold"));
        assertThat(w.getObjectSelector().getMatchExpressions())
                .extracting(e -> e.getKey() + " " + e.getOperator())
                .containsExactly(Contract.Keys.INJECT + " NotIn", "legacy DoesNotExist");
        assertThat(ManifestInvariants.env(objects)).containsEntry("EXCLUDED_NAMESPACES", "sandbox");
        ChartChecks.checkInstall(ChartChecks.withDefaultWebhookSettings(objects, List.of("sandbox")), false);
    }

    @Test
    void extraNamespaceLabelsCannotTurnTheOptInLabelOff() {
        List<HasMetadata> objects =
                Charts.install(List.of(), Map.of("namespaceSelector.matchLabels.azmon-rw\\.io/injection", "disabled"));
        assertThat(ChartChecks.webhook(objects).getNamespaceSelector().getMatchLabels())
                .containsExactly(
                        Map.entry(Contract.Keys.NAMESPACE_INJECTION, Contract.Keys.NAMESPACE_INJECTION_ENABLED));
    }

    @Test
    void healEvictGrantsEvictionAndPassesItsSettings() {
        List<HasMetadata> objects = render("heal-evict.yaml");
        ChartChecks.checkInstall(objects, true);
        assertThat(ManifestInvariants.env(objects))
                .containsEntry("HEAL_MODE", "evict")
                .containsEntry("HEAL_RATE", "3")
                .containsEntry("HEAL_MIN_AGE", "5m");
        List<HasMetadata> off = Charts.install(List.of(), Map.of("heal.mode", "off"));
        ChartChecks.checkInstall(off, false);
        assertThat(ManifestInvariants.env(off)).containsEntry("HEAL_MODE", "off");
    }

    @Test
    void podSettingsReachTheDeploymentAndAnExistingPriorityClassReplacesTheChartsOwn() {
        List<HasMetadata> objects = render("pod-settings.yaml");
        ChartChecks.assertTyped(objects);
        var d = ChartChecks.deployment(objects);
        var pod = d.getSpec().getTemplate().getSpec();
        Map<String, Object> values = fixture("pod-settings.yaml");
        assertThat(d.getSpec().getReplicas()).isEqualTo(values.get("replicaCount"));
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(objects).noneMatch(o -> o instanceof PriorityClass);
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
        assertThat(pod.getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("CriticalAddonsOnly"));
        assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod.getTopologySpreadConstraints())
                .singleElement()
                .satisfies(t -> assertThat(t.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule"));
        var c = ManifestInvariants.webhookContainer(objects);
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("256Mi");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMinAvailable())
                .isEqualTo(new IntOrString(2));
        assertThat(objects).noneMatch(o -> o instanceof NetworkPolicy);
        ManifestInvariants.checkRestricted(pod);
        ManifestInvariants.checkRbac(objects, ChartChecks.allowedGrants(objects, false));
    }

    @Test
    void aConfigurationChangeRollsTheWebhookAndNothingElseDoes() {
        String same1 = checksum(Charts.install(List.of(), Map.of()));
        String same2 = checksum(Charts.install(List.of(), Map.of("replicaCount", "3")));
        String changed = checksum(Charts.install(List.of(), Map.of("cluster", "aks-2")));
        assertThat(same1).matches("[0-9a-f]{64}").isEqualTo(same2).isNotEqualTo(changed);
    }

    static String checksum(List<HasMetadata> objects) {
        return ChartChecks.deployment(objects)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/config");
    }

    @Test
    void anotherReleaseNameKeepsEveryReferenceConsistent() {
        String rendered = Charts.template("observability", "monitoring-system", List.of(), Map.of());
        List<HasMetadata> objects = Charts.install(rendered, "monitoring-system");
        ChartChecks.assertTyped(objects);
        String cm = ManifestInvariants.webhookContainer(objects)
                .getEnvFrom()
                .get(0)
                .getConfigMapRef()
                .getName();
        var configMap = named(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, cm)
                .orElseThrow();
        Map<String, String> env = configMap.getData();
        String name = "observability-azmon-rw-webhook";
        assertThat(one(objects, MutatingWebhookConfiguration.class)
                        .getMetadata()
                        .getName())
                .isEqualTo(env.get("WEBHOOK_CONFIG_NAME"))
                .isEqualTo(name);
        assertThat(one(objects, Secret.class).getMetadata().getName()).isEqualTo(env.get("CERT_SECRET_NAME"));
        assertThat(ChartChecks.webhook(objects).getClientConfig().getService().getName())
                .isEqualTo(one(objects, Service.class).getMetadata().getName());
        assertThat(ChartChecks.webhook(objects)
                        .getNamespaceSelector()
                        .getMatchExpressions()
                        .get(0)
                        .getValues())
                .contains("monitoring-system");
        assertThat(ofKind(objects, ClusterRole.class))
                .flatExtracting(ClusterRole::getRules)
                .filteredOn(r -> r.getResources().contains("mutatingwebhookconfigurations"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly(name));
        assertThat(ofKind(objects, Role.class))
                .flatExtracting(Role::getRules)
                .filteredOn(r -> r.getResources().contains("secrets"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly(env.get("CERT_SECRET_NAME")));
        ManifestInvariants.checkRbac(objects, ChartChecks.allowedGrants(env, false));
    }
}
