package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's monitoring (values under {@code metrics.}) is the kustomize component {@code manifests/monitoring}
 * rendered by Helm: the same alerts, the same dashboard, the same scrape targets. Expected values are read from the
 * component's own files, never from the chart.
 */
class ChartMonitoringTest {
    static final Path COMPONENT = Charts.ROOT.resolve("manifests/monitoring");
    static final Path FILES = Charts.CHART.resolve("files");
    /** Helm reads nothing outside the chart directory, so the chart carries copies of these component files. */
    static final List<String> COPIED = List.of("azmon-rw.rules.yaml", "azmon-rw-dashboard.json");

    static final String SYNC_HINT =
            " differs from manifests/monitoring: run manifests/monitoring/generate-prometheusrule.sh";

    static List<JsonNode> render(Map<String, String> sets) throws IOException {
        String yaml = Charts.template(List.of(Charts.values("monitoring.yaml")), sets);
        List<JsonNode> out = new ArrayList<>();
        for (String doc : ManifestFiles.documents(yaml)) {
            out.add(ManifestFiles.YAML.readTree(doc));
        }
        return out;
    }

    static JsonNode dashboardConfigMap(List<JsonNode> objects) {
        List<JsonNode> all = objects.stream()
                .filter(o -> "ConfigMap".equals(o.path("kind").asText())
                        && o.path("data").has("azmon-rw-dashboard.json"))
                .toList();
        assertThat(all).as("dashboard ConfigMap").hasSize(1);
        return all.get(0);
    }

    static JsonNode component(String file) throws IOException {
        return ManifestFiles.YAML.readTree(COMPONENT.resolve(file).toFile());
    }

    @Test
    void theChartCarriesByteForByteCopiesOfTheComponentsRulesAndDashboard() throws IOException {
        try (Stream<Path> files = Files.list(FILES)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(COPIED);
        }
        for (String name : COPIED) {
            assertThat(Files.readAllBytes(FILES.resolve(name)))
                    .as("charts/azmon-remote-write/files/" + name + SYNC_HINT)
                    .isEqualTo(Files.readAllBytes(COMPONENT.resolve(name)));
        }
    }

    @Test
    void thePrometheusRuleHasTheComponentsSpecWithPrometheusTemplatesLeftAlone() throws IOException {
        JsonNode rule = MonitoringComponentTest.one(render(Map.of()), "PrometheusRule");
        JsonNode expected = component("prometheusrule.yaml").path("spec");
        assertThat(expected.path("groups").size()).isGreaterThan(1);
        assertThat(rule.path("spec")).as("PrometheusRule spec" + SYNC_HINT).isEqualTo(expected);
        // Helm did not evaluate the alerts' own templates (it would fail on them or render them empty)
        assertThat(rule.path("spec").toString()).contains("{{ $labels.");
        assertThat(rule.path("apiVersion").asText())
                .isEqualTo(component("prometheusrule.yaml").path("apiVersion").asText());
        assertThat(rule.path("metadata").path("namespace").asText()).isEqualTo(Charts.NAMESPACE);
    }

    @Test
    void theDashboardConfigMapHoldsTheComponentsDashboardForGrafanasSidecar() throws IOException {
        JsonNode cm = dashboardConfigMap(render(Map.of()));
        JsonNode expected = new ObjectMapper()
                .readTree(COMPONENT.resolve("azmon-rw-dashboard.json").toFile());
        assertThat(expected.path("panels").size()).isGreaterThan(1);
        JsonNode dashboard = new ObjectMapper()
                .readTree(cm.path("data").path("azmon-rw-dashboard.json").asText());
        assertThat(dashboard).as("dashboard" + SYNC_HINT).isEqualTo(expected);
        // the component's ConfigMap generator labels it so; the chart keeps that label next to the added ones
        JsonNode generator =
                component("kustomization.yaml").path("configMapGenerator").get(0);
        assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText())
                .isEqualTo(generator
                        .path("options")
                        .path("labels")
                        .path("grafana_dashboard")
                        .asText())
                .isEqualTo("1");
        assertThat(cm.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo(Charts.NAMESPACE);
    }

    @Test
    void theDashboardGoesToTheNamespaceGrafanaWatchesWhenOneIsGiven() throws IOException {
        JsonNode cm = dashboardConfigMap(render(Map.of("metrics.dashboard.namespace", "grafana")));
        assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo("grafana");
    }

    @Test
    void theServiceMonitorScrapesWhatTheComponentsDoes() throws IOException {
        JsonNode sm = MonitoringComponentTest.one(render(Map.of()), "ServiceMonitor");
        JsonNode expected = component("servicemonitor.yaml");
        // same port, path, scheme and honorLabels (the fixture sets the component's 30s interval)
        assertThat(sm.path("spec").path("endpoints"))
                .isEqualTo(expected.path("spec").path("endpoints"));
        assertThat(expected.path("spec")
                        .path("endpoints")
                        .get(0)
                        .path("honorLabels")
                        .asBoolean())
                .isTrue();
        // the chart selects the webhook's Service by at least the component's labels (plus its release's)
        expected.path("spec")
                .path("selector")
                .path("matchLabels")
                .properties()
                .forEach(e -> assertThat(sm.path("spec")
                                .path("selector")
                                .path("matchLabels")
                                .path(e.getKey())
                                .asText())
                        .as("selector " + e.getKey())
                        .isEqualTo(e.getValue().asText()));
        // the component leaves the namespace to the ServiceMonitor's own; the chart names the release namespace
        assertThat(sm.path("spec")
                        .path("namespaceSelector")
                        .path("matchNames")
                        .get(0)
                        .asText())
                .isEqualTo(sm.path("metadata").path("namespace").asText());
    }

    @Test
    void thePodMonitorSelectsAndScrapesWhatTheComponentsDoes() throws IOException {
        JsonNode pm = MonitoringComponentTest.one(render(Map.of()), "PodMonitor");
        JsonNode expected = component("podmonitor.yaml").path("spec");
        for (String field : List.of("selector", "namespaceSelector", "podMetricsEndpoints")) {
            assertThat(pm.path("spec").path(field)).as(field).isEqualTo(expected.path(field));
        }
    }
}
