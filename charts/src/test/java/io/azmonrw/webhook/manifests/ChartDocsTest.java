package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chart's README documents every value of values.yaml (read as YAML, not from the README's own list). */
class ChartDocsTest {
    /** Maps handed to Kubernetes as they are: their keys are the user's, not the chart's. */
    static final Set<String> FREE_FORM = Set.of(
            "nodeSelector",
            "affinity",
            "podAnnotations",
            "podLabels",
            "resources",
            "proxy.resources",
            "namespaceSelector",
            "objectSelector",
            "certs.certManager.issuerRef",
            "metrics.serviceMonitor.labels",
            "metrics.podMonitor.labels",
            "metrics.prometheusRule.labels",
            "metrics.dashboard.labels");

    @Test
    void everyValueIsInTheReadmesTable() {
        String readme = ManifestFiles.read(Charts.CHART.resolve("README.md"));
        List<String> paths = new ArrayList<>();
        collect("", ManifestFiles.yamlMap(Charts.CHART.resolve("values.yaml")), paths);
        assertThat(paths).hasSizeGreaterThan(40).contains("image.registry", "proxy.caBundle.key", "heal.minAge");
        for (String path : paths) {
            String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
            String last = path.substring(path.lastIndexOf('.') + 1);
            // a row names a value in full (`a.b`, or `a.b.c` for a free-form map's keys) or, after a sibling, by its
            // last part (`a.b` / `.c`)
            boolean documented = readme.contains("`" + path + "`")
                    || readme.contains("`" + path + ".")
                    || (!parent.isEmpty() && readme.contains("`" + parent + ".") && readme.contains("`." + last + "`"));
            assertThat(documented).as("README.md documents " + path).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    static void collect(String prefix, Map<String, Object> map, List<String> out) {
        for (var e : map.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty() && !FREE_FORM.contains(path)) {
                collect(path, (Map<String, Object>) m, out);
            } else {
                out.add(path);
            }
        }
    }
}
