package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.azmonrw.common.testing.GrafanaDashboard;
import io.azmonrw.common.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifests/monitoring: the alert rules pass {@code promtool check rules} and their unit tests pass
 * {@code promtool test rules}; every alert has a test case where it fires and one where it must not; the
 * PrometheusRule holds exactly the plain rules file's groups; every runbook link names a section of
 * docs/troubleshooting.md; and every dashboard query parses.
 */
class MonitoringRulesTest {
    static final Path MONITORING = ManifestsTest.MANIFESTS.resolve("monitoring");
    static final Path RULES = MONITORING.resolve("azmon-rw.rules.yaml");
    static final Path TROUBLESHOOTING = ManifestsTest.ROOT.resolve("docs/troubleshooting.md");
    /** Alertmanager and Grafana show runbook links outside the repository: absolute, one base, an anchor per alert. */
    static final String RUNBOOK_BASE =
            "https://github.com/azmon-rw/azmon-remote-write/blob/main/docs/troubleshooting.md#";

    @TempDir
    Path tmp;

    static List<Path> testFiles() throws IOException {
        try (Stream<Path> s = Files.list(MONITORING.resolve("tests"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<JsonNode> alerts(JsonNode groups) {
        List<JsonNode> out = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                out.add(r);
            }
        }));
        return out;
    }

    static JsonNode yaml(Path file) throws IOException {
        return ManifestFiles.YAML.readTree(file.toFile());
    }

    @Test
    void rulesFilesPassPromtoolCheckRules() throws Exception {
        // the PrometheusRule's spec is a rules file of its own: check it too, as the operator will load it
        Path spec = tmp.resolve("prometheusrule-spec.yaml");
        ManifestFiles.YAML.writeValue(
                spec.toFile(), yaml(MONITORING.resolve("prometheusrule.yaml")).path("spec"));
        Promtool.Result r = Promtool.checkRules(List.of(RULES, spec));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("SUCCESS: " + alerts(yaml(RULES).path("groups")).size() + " rules found");
    }

    @Test
    void alertUnitTestsPass() throws Exception {
        List<Path> files = testFiles();
        assertThat(files).isNotEmpty();
        Promtool.Result r = Promtool.testRules(files);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void everyAlertHasAFiringAndANotFiringTestCase() throws Exception {
        Set<String> names = new TreeSet<>();
        alerts(yaml(RULES).path("groups"))
                .forEach(a -> names.add(a.path("alert").asText()));
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path f : testFiles()) {
            JsonNode doc = yaml(f);
            assertThat(doc.path("rule_files").toString())
                    .as(f + " loads the rules file")
                    .contains("azmon-rw.rules.yaml");
            doc.path("tests")
                    .forEach(t -> t.path("alert_rule_test").forEach(c -> {
                        String alert = c.path("alertname").asText();
                        assertThat(names)
                                .as(f + " tests an alert that does not exist")
                                .contains(alert);
                        (c.path("exp_alerts").isEmpty() ? silent : fires).add(alert);
                    }));
        }
        assertThat(names).as("alerts").hasSizeGreaterThanOrEqualTo(14);
        assertThat(names.stream().filter(n -> !fires.contains(n)).toList())
                .as("alerts without a case where they fire")
                .isEmpty();
        assertThat(names.stream().filter(n -> !silent.contains(n)).toList())
                .as("alerts without a case where they must not fire")
                .isEmpty();
    }

    @Test
    void prometheusRuleHoldsExactlyTheRulesFile() throws Exception {
        JsonNode rule = yaml(MONITORING.resolve("prometheusrule.yaml"));
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        List<JsonNode> generated = alerts(rule.path("spec").path("groups"));
        List<JsonNode> source = alerts(yaml(RULES).path("groups"));
        String hint =
                "prometheusrule.yaml differs from azmon-rw.rules.yaml: run manifests/monitoring/generate-prometheusrule.sh; ";
        assertThat(generated).as(hint + "alerts").hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(generated.get(i))
                    .as(hint + source.get(i).path("alert").asText())
                    .isEqualTo(source.get(i));
        }
        // and everything else (group names, intervals), once the rules are known to match
        assertThat(rule.path("spec").path("groups"))
                .as(hint + "groups")
                .isEqualTo(yaml(RULES).path("groups"));
    }

    @Test
    void everyAlertHasSummaryDescriptionSeverityAndARunbookSectionThatExists() throws Exception {
        Set<String> anchors = anchors(Files.readString(TROUBLESHOOTING));
        for (JsonNode a : alerts(yaml(RULES).path("groups"))) {
            String name = a.path("alert").asText();
            JsonNode ann = a.path("annotations");
            assertThat(ann.path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(ann.path("description").asText())
                    .as(name + " description")
                    .isNotBlank();
            assertThat(a.path("labels").path("severity").asText())
                    .as(name + " severity")
                    .isIn("critical", "warning", "info");
            String url = ann.path("runbook_url").asText();
            assertThat(url).as(name + " runbook_url").isEqualTo(RUNBOOK_BASE + name.toLowerCase(java.util.Locale.ROOT));
            assertThat(anchors)
                    .as("docs/troubleshooting.md has a section for " + name)
                    .contains(url.substring(RUNBOOK_BASE.length()));
        }
    }

    /** GitHub's heading anchors: lower case, punctuation other than '-' and '_' removed, spaces as '-'. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6} +(.+?) *$").matcher(markdown);
        while (m.find()) {
            out.add(m.group(1)
                    .toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return out;
    }

    @Test
    void anchorsFollowGithubsRule() {
        assertThat(anchors("# Title\n## AzmonRwWebhookDown\n### 403: role assignment (propagation)\n"))
                .containsExactly("title", "azmonrwwebhookdown", "403-role-assignment-propagation");
    }

    @Test
    void dashboardHasTheVariablesRowsAndQueriesThatParse() throws Exception {
        GrafanaDashboard d = GrafanaDashboard.read(MONITORING.resolve("azmon-rw-dashboard.json"));
        assertThat(d.variables()).containsExactly("datasource", "namespace", "pod");
        var rows = d.json().getJsonArray("panels").stream()
                .map(p -> (io.vertx.core.json.JsonObject) p)
                .filter(p -> "row".equals(p.getString("type")))
                .map(p -> p.getString("title"))
                .toList();
        assertThat(rows)
                .hasSize(2)
                .anySatisfy(t -> assertThat(t).startsWith("Proxy"))
                .anySatisfy(t -> assertThat(t).startsWith("Webhook"));
        List<GrafanaDashboard.Query> queries = d.queries();
        assertThat(queries).hasSizeGreaterThan(15);
        List<String> exprs = queries.stream()
                .map(q -> GrafanaDashboard.substitute(
                        q.expr(),
                        Map.of(
                                "namespace",
                                "monitoring",
                                "pod",
                                "prometheus-0",
                                "__rate_interval",
                                "1m",
                                "datasource",
                                "x")))
                .toList();
        Promtool.Result r = Promtool.checkExpressions(tmp, exprs);
        assertThat(r.exitCode()).as("%s\n%s", r.output(), queries).isZero();
        assertThat(r.output()).contains("SUCCESS: " + exprs.size() + " rules found");
    }

    @Test
    void expressionCheckRejectsABrokenQuery() throws Exception {
        Promtool.Result r = Promtool.checkExpressions(tmp, List.of("sum(rate(up[1m])", "up"));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("check:q0");
    }
}
