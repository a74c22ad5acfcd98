package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.azmonrw.common.Contract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds an install overlay with the manifests/monitoring component ({@code kubectl kustomize}, offline) and checks
 * that its scrape objects point at what the install and the webhook really expose. Skipped where kubectl is missing.
 */
class MonitoringComponentTest {
    @TempDir
    Path work;

    List<JsonNode> build() throws Exception {
        Optional<Path> kubectl = Tools.find("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl not found on PATH: skipping the monitoring component build");
        Path manifests = work.resolve("manifests");
        Tools.copyTree(ManifestsTest.MANIFESTS.resolve("base"), manifests.resolve("base"));
        Tools.copyTree(ManifestsTest.MANIFESTS.resolve("self-managed"), manifests.resolve("self-managed"));
        Tools.copyTree(ManifestsTest.MANIFESTS.resolve("monitoring"), manifests.resolve("monitoring"));
        Path overlay = manifests.resolve("monitored");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../self-managed
                components:
                  - ../monitoring
                labels:
                  - pairs: {release: kube-prometheus-stack}
                """);
        String yaml = Tools.runOk(work, List.of(kubectl.get().toString(), "kustomize", overlay.toString()));
        List<JsonNode> out = new ArrayList<>();
        for (String doc : ManifestFiles.documents(yaml)) {
            out.add(ManifestFiles.YAML.readTree(doc));
        }
        return out;
    }

    @Test
    void kubePrometheusStackValuesExportTheStatusAnnotationAndFindTheDashboard() throws Exception {
        JsonNode values = ManifestFiles.YAML.readTree(ManifestsTest.MANIFESTS
                .resolve("monitoring/kube-prometheus-stack-values.yaml")
                .toFile());
        // kube-state-metrics names the series label annotation_azmon_rw_io_status, which AzmonRwProxyMissing reads
        assertThat(values.path("kube-state-metrics")
                        .path("metricAnnotationsAllowList")
                        .toString())
                .contains("pods=[" + Contract.Keys.STATUS + "]");
        assertThat(Files.readString(MonitoringRulesTest.RULES))
                .contains("annotation_" + Contract.Keys.STATUS.replaceAll("[^A-Za-z0-9]", "_"));
        assertThat(values.path("grafana")
                        .path("sidecar")
                        .path("dashboards")
                        .path("searchNamespace")
                        .asText())
                .isEqualTo("ALL");
    }

    static JsonNode one(List<JsonNode> objects, String kind) {
        List<JsonNode> all = objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
        assertThat(all).as(kind).hasSize(1);
        return all.get(0);
    }

    @Test
    void componentAddsScrapeObjectsRulesAndDashboardThatMatchTheInstall() throws Exception {
        List<JsonNode> objects = build();
        JsonNode service = one(objects, "Service");
        JsonNode deployment = one(objects, "Deployment");

        JsonNode sm = one(objects, "ServiceMonitor");
        sm.path("spec")
                .path("selector")
                .path("matchLabels")
                .properties()
                .forEach(e -> assertThat(service.path("metadata")
                                .path("labels")
                                .path(e.getKey())
                                .asText())
                        .as("Service label " + e.getKey())
                        .isEqualTo(e.getValue().asText()));
        assertThat(sm.path("metadata").path("namespace").asText())
                .isEqualTo(service.path("metadata").path("namespace").asText());
        JsonNode endpoint = sm.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        // the named Service port leads to the container port the webhook serves /metrics on (MANAGEMENT_PORT, 9440)
        JsonNode port = null;
        for (JsonNode p : service.path("spec").path("ports")) {
            if (p.path("name").asText().equals(endpoint.path("port").asText())) {
                port = p;
            }
        }
        assertThat(port).as("Service port " + endpoint.path("port").asText()).isNotNull();
        String target = port.path("targetPort").asText();
        JsonNode container = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        boolean found = false;
        for (JsonNode cp : container.path("ports")) {
            if (cp.path("name").asText().equals(target)) {
                assertThat(cp.path("containerPort").asInt()).isEqualTo(9440);
                found = true;
            }
        }
        assertThat(found).as("container port " + target).isTrue();

        JsonNode pm = one(objects, "PodMonitor");
        assertThat(pm.path("spec").path("namespaceSelector").path("any").asBoolean())
                .isTrue();
        assertThat(pm.path("spec")
                        .path("selector")
                        .path("matchLabels")
                        .path(Contract.Keys.PROXY)
                        .asText())
                .isEqualTo(Contract.Keys.PROXY_INJECTED);
        assertThat(pm.path("spec").path("selector").path("matchLabels").size()).isEqualTo(1);
        JsonNode pe = pm.path("spec").path("podMetricsEndpoints").get(0);
        assertThat(pe.path("port").asText()).isEqualTo(Contract.Injection.PORT_NAME);
        assertThat(pe.path("path").asText()).isEqualTo("/metrics");

        JsonNode rule = one(objects, "PrometheusRule");
        assertThat(rule.path("spec").path("groups").size()).isGreaterThanOrEqualTo(3);

        JsonNode dashboard = objects.stream()
                .filter(o -> o.path("kind").asText().equals("ConfigMap")
                        && o.path("metadata").path("name").asText().equals("azmon-rw-dashboard"))
                .findFirst()
                .orElseThrow();
        assertThat(dashboard
                        .path("metadata")
                        .path("labels")
                        .path("grafana_dashboard")
                        .asText())
                .isEqualTo("1");
        assertThat(dashboard.path("data").path("azmon-rw-dashboard.json").asText())
                .isEqualTo(Files.readString(ManifestsTest.MANIFESTS.resolve("monitoring/azmon-rw-dashboard.json")));
        // the overlay's selector label reaches every monitoring object, as kube-prometheus-stack's selectors need
        for (JsonNode o : List.of(sm, pm, rule, dashboard)) {
            assertThat(o.path("metadata").path("labels").path("release").asText())
                    .as(o.path("kind").asText())
                    .isEqualTo("kube-prometheus-stack");
        }
    }
}
