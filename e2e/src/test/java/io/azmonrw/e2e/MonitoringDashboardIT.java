package io.azmonrw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.common.testing.GrafanaDashboard;
import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Grafana dashboard and the alert rules of manifests/monitoring against real data: a real Prometheus scrapes the
 * proxy, the webhook and itself (with the namespace and pod labels a PodMonitor/ServiceMonitor would add) through a run
 * with faults (403, 404, 5xx and 429 from the ingestion stand-in, a token endpoint outage, admissions injected,
 * skipped and failed by an API server error, Prometheus pods without the proxy or with an outdated one in the mock
 * API server the webhook's reconciler watches), then every panel query, variables substituted, must answer with at
 * least one series, and every alert rule must evaluate without error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringDashboardIT {
    static final String NAMESPACE = "e2e-monitoring";
    static final String POD = "prometheus-e2e-0";
    static final String RATE_INTERVAL = "30s";
    /** Where the webhook runs (POD_NAMESPACE: its reconciler's Lease); a namespace without the injection label. */
    static final String WEBHOOK_NAMESPACE = "azmon-rw-system";
    /** Where admissions fail: the mock API server answers 500 to the lookup of the pod's ServiceAccount there. */
    static final String FAILING_NAMESPACE = "monitoring";
    /** The ServiceAccount of the kube-prometheus-stack Prometheus pod (src/main/resources/demo/kps-prometheus-pod.yaml). */
    static final String PROMETHEUS_SA = "kube-prometheus-stack-prometheus";
    /** Another webhook version than the one running (0.1.0-SNAPSHOT or a release), as a pod's status annotation names it. */
    static final String OLD_VERSION = "0.0.1";

    /** What the run started (the demo's stack: stopped in reverse order). */
    final Demo.Stack s = new Demo.Stack();

    MockCluster cluster;
    Path root;
    Path work;
    int webhookPort;
    int mgmt;

    @BeforeAll
    void start() throws Exception {
        PrometheusProcess.binary();
        root = Path.of(System.getProperty("azmonrw.root", ".")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("azmon-rw-monitoring");
        s.vertx = Vertx.vertx();
        s.standIns = StandIns.start(s.vertx, work.resolve("standins"))
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        // refreshes every few seconds, so that a token endpoint outage shows as failures within the run
        s.standIns.entra().tokenLifetime(Duration.ofSeconds(20));

        s.proxy = new ProxyProcess(
                ProxyProcess.defaultJar(root),
                s.standIns.proxyEnv(),
                Ports.freeLoopbackPort(),
                work.resolve("proxy.log"));
        s.proxy.start();
        s.proxy.awaitReady(Duration.ofSeconds(120), true);

        cluster = MockCluster.start();
        seedCluster();
        mgmt = Ports.freeLoopbackPort();
        webhookPort = Ports.freeLoopbackPort();
        s.webhook = new WebhookProcess(root)
                .startServer(webhookEnv(mgmt), mgmt, work.resolve("webhook.log"), Duration.ofSeconds(120));
        assertThat(s.webhook)
                .as("webhook server; log in %s", work.resolve("webhook.log"))
                .isNotNull();

        int promPort = Ports.freeLoopbackPort();
        Map<String, String> podLabels = Map.of("namespace", NAMESPACE, "pod", POD);
        String config = new PrometheusConfig()
                // in a cluster the Prometheus pod and its injected proxy are one pod: same namespace and pod labels
                .scrape("prometheus", "127.0.0.1:" + promPort, podLabels)
                .scrape("azmon-rw-proxy", "127.0.0.1:" + s.proxy.port(), podLabels)
                // honorLabels as in manifests/monitoring/servicemonitor.yaml: the per-namespace gauges keep their
                // namespace
                .scrapeHonoringLabels(
                        "azmon-rw-webhook",
                        "127.0.0.1:" + mgmt,
                        Map.of("namespace", WEBHOOK_NAMESPACE, "pod", "azmon-rw-webhook-e2e"))
                .rules(
                        List.of(root.resolve("manifests/monitoring/azmon-rw.rules.yaml")
                                .toString()),
                        "5s")
                .remoteWrite(s.proxy.writeUrl())
                .yaml();
        s.prom = PrometheusProcess.start(work.resolve("prometheus"), config, promPort);
        s.prom.awaitReady(Duration.ofSeconds(60));
        runWithFaults();
    }

    /**
     * What the reconciler (HEAL_MODE=report, the default) must report: in the opted-in namespace, whose
     * ServiceAccount names a client id, one Prometheus pod created without the proxy and one injected by another
     * webhook version.
     */
    void seedCluster() {
        cluster.namespace(NAMESPACE, true);
        cluster.namespace(WEBHOOK_NAMESPACE, false);
        cluster.serviceAccount(NAMESPACE, PROMETHEUS_SA, StandIns.CLIENT_ID);
        cluster.prometheusPod(NAMESPACE, "prometheus-missing-0", "prometheus-missing", PROMETHEUS_SA, null);
        cluster.prometheusPod(NAMESPACE, "prometheus-outdated-0", "prometheus-outdated", PROMETHEUS_SA, OLD_VERSION);
        cluster.failGets("/api/v1/namespaces/" + FAILING_NAMESPACE + "/serviceaccounts/" + PROMETHEUS_SA);
    }

    /** The webhook with the stand-ins' TLS files, the mock API server's kubeconfig and POD_NAMESPACE, so that its reconciler runs. */
    Map<String, String> webhookEnv(int mgmt) throws Exception {
        Path kubeconfig = cluster.writeKubeconfig(work.resolve("kubeconfig"), WEBHOOK_NAMESPACE);
        Map<String, String> env = s.standIns.webhookEnv(webhookPort, mgmt);
        // the client id comes from the ServiceAccount's annotation here, as in a cluster, never from a default
        env.remove(WebhookEnv.DEFAULT_CLIENT_ID);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put(WebhookEnv.POD_NAMESPACE, WEBHOOK_NAMESPACE);
        env.put(WebhookEnv.API_TIMEOUT, "1s");
        return env;
    }

    void runWithFaults() throws Exception {
        awaitProxyMetric("forwarded samples", "azmon_rw_proxy_samples_total", Map.of("result", "forwarded"));
        // ingestion answers: each enqueued status answers the next write; Prometheus retries the 5xx the proxy returns
        for (int status : new int[] {403, 403, 404, 404, 500, 503}) {
            s.standIns.ingestion().enqueue(status, Map.of());
        }
        s.standIns.ingestion().enqueue(429, Map.of("Retry-After", "1"));
        awaitProxyMetric("403 answers", "azmon_rw_proxy_requests_total", Map.of("outcome", "forbidden"));
        awaitProxyMetric("500 answers", "azmon_rw_proxy_requests_total", Map.of("outcome", "upstream_500"));
        awaitProxyMetric("429 answers", "azmon_rw_proxy_requests_total", Map.of("outcome", "throttled"));
        double forwarded = proxyMetrics().sum("azmon_rw_proxy_requests_total", l -> "ok".equals(l.get("outcome")));
        tokenOutageAroundTheNextRefresh();
        awaitProxyMetric("token failures", "azmon_rw_proxy_token_failures_total", Map.of());
        // admissions: injected (identity in annotations), skipped (not a Prometheus pod), error (the API server fails
        // the ServiceAccount lookup), injected (identity from the ServiceAccount in the mock API server)
        WebhookAdmissions a = new WebhookAdmissions(
                webhookPort,
                s.standIns.ca().sslContext(),
                s.standIns.ingestion().ingestionUrl(StandIns.DCR_ID));
        assertThat(a.admit(FAILING_NAMESPACE, a.kpsPod(true, true))).contains("\"patch\"");
        assertThat(a.admit(FAILING_NAMESPACE, a.kpsPod(false, false))).doesNotContain("\"patch\"");
        assertThat(a.admit(FAILING_NAMESPACE, a.kpsPod(true, false)))
                .doesNotContain("\"patch\"")
                .contains("without the remote-write proxy");
        assertThat(a.admit(NAMESPACE, a.kpsPod(true, false))).contains("\"patch\"");
        // the reconciler, once leader, reports the seeded pods
        awaitWebhookMetric(
                "pods missing the proxy", "azmon_rw_webhook_pods_missing_proxy", Map.of("namespace", NAMESPACE));
        awaitWebhookMetric(
                "pods with an outdated proxy", "azmon_rw_webhook_pods_outdated_proxy", Map.of("namespace", NAMESPACE));
        // the proxy forwards again once the token endpoint is back: the run ends healthy, as the panels' rates show
        awaitMetric(
                "writes forwarded after the token outage",
                "azmon_rw_proxy_requests_total",
                Map.of("outcome", "ok"),
                forwarded,
                s.proxy::metricsOrNull);
        // every new series scraped at least twice inside the rate window, and the rules evaluated on them
        Thread.sleep(12_000);
    }

    /**
     * A 10 s token endpoint outage placed so that the proxy's next refresh (3 s before the end of a 20 s token) falls
     * about 5 s into it: a fixed outage started at a random moment misses the refreshes one run in three, and a
     * longer one lets the proxy's backoff grow towards its 30 s cap. Fetches fail, the token lapses for a few
     * seconds (token_unavailable answers), then recovers.
     */
    void tokenOutageAroundTheNextRefresh() throws InterruptedException {
        double left = proxyMetrics().sum("azmon_rw_proxy_token_expiry_seconds");
        Thread.sleep(Math.max(0, (long) ((left - 3 - 5) * 1000)));
        s.standIns.entra().failFor(Duration.ofSeconds(10), 400);
    }

    MetricsText proxyMetrics() {
        MetricsText m = s.proxy.metricsOrNull();
        assertThat(m).as("the proxy's /metrics; logs in %s", work).isNotNull();
        return m;
    }

    void awaitProxyMetric(String what, String name, Map<String, String> labels) throws InterruptedException {
        awaitMetric(what, name, labels, 0, s.proxy::metricsOrNull);
    }

    void awaitWebhookMetric(String what, String name, Map<String, String> labels) throws InterruptedException {
        awaitMetric(what, name, labels, 0, () -> {
            String text = LocalHttp.getOrNull("http://127.0.0.1:" + mgmt + "/metrics");
            return text == null ? null : MetricsText.parse(text);
        });
    }

    /** Waits until the sum of the series {@code name} with {@code labels} exceeds {@code above}. */
    void awaitMetric(String what, String name, Map<String, String> labels, double above, Supplier<MetricsText> metrics)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            MetricsText m = metrics.get();
            if (m != null && m.sum(name, l -> l.entrySet().containsAll(labels.entrySet())) > above) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "no " + what + " (" + name + labels + " above " + above + ") within 120 s; logs in " + work);
    }

    @AfterAll
    void stop() {
        s.stop();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyPanelQueryAnswersWithDataFromTheRun() throws Exception {
        GrafanaDashboard dashboard =
                GrafanaDashboard.read(root.resolve("manifests/monitoring/azmon-rw-dashboard.json"));
        Map<String, String> vars = Map.of(
                "namespace", NAMESPACE, "pod", POD, "__rate_interval", RATE_INTERVAL, "datasource", "prometheus");
        long now = System.currentTimeMillis();
        List<String> empty = new ArrayList<>();
        int answered = 0;
        for (GrafanaDashboard.Query q : dashboard.queries()) {
            String expr = GrafanaDashboard.substitute(q.expr(), vars);
            if (s.prom.query(expr, now).isEmpty()) {
                empty.add(q + "\n    as run: " + expr);
            } else {
                answered++;
            }
        }
        System.out.println(
                "[monitoring] " + answered + " of " + dashboard.queries().size() + " panel queries answered");
        assertThat(empty)
                .as("panel queries with no data after the run (logs in %s)", work)
                .isEmpty();
        assertThat(answered).isGreaterThan(20);
    }

    @Test
    void variableQueriesFindTheRunsNamespaceAndPod() {
        long now = System.currentTimeMillis();
        // label_values(azmon_rw_proxy_build_info, namespace) and (..., pod), as Grafana asks the series API
        JsonArray r = s.prom.query(
                "count by (namespace, pod) (azmon_rw_proxy_build_info{namespace=~\"" + NAMESPACE + "\"})", now);
        assertThat(r).hasSize(1);
        assertThat(r.getJsonObject(0).getJsonObject("metric").getString("pod")).isEqualTo(POD);
    }

    @Test
    void theFaultsShowInTheSeriesThePanelsRead() {
        long now = System.currentTimeMillis();
        List<String> outcomes =
                labelValues(s.prom.query("sum by (outcome) (azmon_rw_proxy_requests_total)", now), "outcome");
        assertThat(outcomes)
                .contains("ok", "forbidden", "upstream_not_found", "upstream_500", "upstream_503", "throttled");
        assertThat(labelValues(
                        s.prom.query("sum by (status) (azmon_rw_proxy_upstream_duration_seconds_count)", now),
                        "status"))
                .contains("2xx", "4xx", "5xx");
        // the token stand-in's outage answers AADSTS50196 (testkit TokenStandIn), the code the proxy names as the
        // reason
        assertThat(labelValues(
                        s.prom.query("sum by (reason) (azmon_rw_proxy_token_failures_total) > 0", now), "reason"))
                .contains("AADSTS50196");
        assertThat(labelValues(s.prom.query("sum by (outcome) (azmon_rw_webhook_admissions_total)", now), "outcome"))
                .contains("injected", "skipped", "error");
        // the webhook's own namespace label, kept by honor_labels: one seeded pod each in the opted-in namespace
        assertThat(s.prom.query("azmon_rw_webhook_pods_missing_proxy{namespace=\"" + NAMESPACE + "\"} == 1", now))
                .hasSize(1);
        assertThat(s.prom.query("azmon_rw_webhook_pods_outdated_proxy{namespace=\"" + NAMESPACE + "\"} == 1", now))
                .hasSize(1);
    }

    @Test
    void everyAlertRuleEvaluatesWithoutErrorOnTheRunsSeries() {
        JsonObject r = new JsonObject(LocalHttp.get(s.prom.baseUrl() + "/api/v1/rules"));
        JsonArray groups = r.getJsonObject("data").getJsonArray("groups");
        assertThat(groups).hasSize(3);
        List<String> unhealthy = new ArrayList<>();
        int rules = 0;
        for (int g = 0; g < groups.size(); g++) {
            JsonArray list = groups.getJsonObject(g).getJsonArray("rules");
            for (int i = 0; i < list.size(); i++) {
                JsonObject rule = list.getJsonObject(i);
                rules++;
                if (!"ok".equals(rule.getString("health"))) {
                    unhealthy.add(rule.getString("name") + ": " + rule.getString("health") + " "
                            + rule.getString("lastError"));
                }
            }
        }
        assertThat(rules).isGreaterThanOrEqualTo(14);
        assertThat(unhealthy).isEmpty();
    }

    @Test
    void theAlertsOfTheRunsLastingCausesAndItsInjectionErrorAreActiveWithTheirLabels() {
        JsonArray alerts = new JsonObject(LocalHttp.get(s.prom.baseUrl() + "/api/v1/alerts"))
                .getJsonObject("data")
                .getJsonArray("alerts");
        Map<String, JsonObject> active = new HashMap<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject a = alerts.getJsonObject(i);
            if ("pending".equals(a.getString("state")) || "firing".equals(a.getString("state"))) {
                active.put(a.getJsonObject("labels").getString("alertname"), a.getJsonObject("labels"));
            }
        }
        // causes that last (or recur) through the run; a `for:` of minutes keeps them pending, which is what Prometheus
        // shows before it notifies (AzmonRwInjectionErrors has none: firing). One-off faults (two 403s answered before
        // their series' first scrape) make no rate over 5 minutes and are left out.
        assertThat(active)
                .as("active alerts: %s", active)
                .containsKeys(
                        "AzmonRwPodsMissingProxy",
                        "AzmonRwPodsOutdatedProxy",
                        "AzmonRwTokenAcquisitionFailing",
                        "AzmonRwTokenExpiringSoon",
                        "AzmonRwWebhookCertificateExpiringSoon",
                        "AzmonRwInjectionErrors");
        // one failed admission: its counter series appeared at 1, and the alert still fires
        assertThat(active.get("AzmonRwInjectionErrors").getString("reason")).isIn("api_error", "api_timeout");
        assertThat(active.get("AzmonRwPodsMissingProxy").getString("namespace")).isEqualTo(NAMESPACE);
        assertThat(active.get("AzmonRwPodsOutdatedProxy").getString("namespace"))
                .isEqualTo(NAMESPACE);
        JsonObject token = active.get("AzmonRwTokenAcquisitionFailing");
        assertThat(List.of(token.getString("namespace"), token.getString("pod"), token.getString("reason")))
                .containsExactly(NAMESPACE, POD, "AADSTS50196");
    }

    static List<String> labelValues(JsonArray result, String label) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            out.add(result.getJsonObject(i).getJsonObject("metric").getString(label));
        }
        return out;
    }
}
