package io.azmonrw.webhook.reconcile;

import static io.azmonrw.webhook.server.WebhookTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against KubernetesMockServer in CRUD mode: reports, Events, leader election and evictions. */
@EnableKubernetesMockClient(crud = true, https = false)
class ReconcilerIT {
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String MISSING_LINE = "azmon_rw_webhook_pods_missing_proxy{namespace=\"team-a\"} 1.0";

    KubernetesMockServer server;
    KubernetesClient client;
    private Vertx vertx;

    @BeforeEach
    void up() {
        vertx = Vertx.vertx();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("team-a")
                        .addToLabels("azmon-rw.io/injection", "enabled")
                        .endMetadata()
                        .build())
                .create();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-system")
                        .endMetadata()
                        .build())
                .create();
        // created "while the webhook was down": no proxy, no status annotation
        Pod pod = ReconcilePods.prometheus(
                        "prom-0",
                        "11111111-2222-4333-8444-555555555555",
                        Instant.now().minus(Duration.ofHours(1)))
                .build();
        client.pods().inNamespace("team-a").resource(pod).create();
    }

    @AfterEach
    void down() {
        vertx.close().await();
    }

    private List<Event> events(String reason) {
        return client.v1().events().inNamespace("team-a").list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    @Test
    void aPodCreatedWhileTheWebhookWasDownIsReportedWithinOneResyncWithOneEventOnItAndItsOwner() throws Exception {
        try (var a = new ReconcilerInstance(vertx, client, Map.of(), "wh-a", new MutableClock(Instant.now()))) {
            await("the missing-proxy gauge", MAX, () -> a.scrape().contains(MISSING_LINE));
            await("two Events", MAX, () -> events("AzmonRwProxyMissing").size() == 2);
            List<Event> events = events("AzmonRwProxyMissing");
            assertThat(events)
                    .extracting(e -> e.getInvolvedObject().getKind())
                    .containsExactlyInAnyOrder("Pod", "StatefulSet");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage())
                        .contains("team-a/prom-0")
                        .contains("kubectl rollout restart statefulset/prom -n team-a")
                        .contains("kubectl delete pod prom-0 -n team-a");
            });
            // many resyncs later: still one each
            Thread.sleep(ReconcilerInstance.RESYNC.multipliedBy(10).toMillis());
            assertThat(events("AzmonRwProxyMissing")).hasSize(2);
            assertThat(a.scrape())
                    .contains("azmon_rw_webhook_reconciler_leader 1.0")
                    .doesNotContain("azmon_rw_webhook_evictions_total");

            // injected by hand: the gauge drops
            client.pods().inNamespace("team-a").withName("prom-0").delete();
            client.pods()
                    .inNamespace("team-a")
                    .resource(ReconcilePods.injectedReady(
                            "prom-0",
                            "99999999-2222-4333-8444-555555555555",
                            Instant.now(),
                            ReconcilePods.STATUS_V1.replace("1.0.0", "1.1.0")))
                    .create();
            await("the gauge back to no row", MAX, () -> !a.scrape().contains("pods_missing_proxy{"));
        }
    }

    @Test
    void onlyTheLeaderActsAndTheOtherTakesOverWhenItStops() throws Exception {
        try (var a = new ReconcilerInstance(vertx, client, Map.of(), "wh-a", new MutableClock(Instant.now()));
                var b = new ReconcilerInstance(vertx, client, Map.of(), "wh-b", new MutableClock(Instant.now()))) {
            await("a leader", MAX, () -> a.wiring.leading() || b.wiring.leading());
            ReconcilerInstance leader = a.wiring.leading() ? a : b;
            ReconcilerInstance standby = leader == a ? b : a;
            await("the leader's gauge", MAX, () -> leader.scrape().contains(MISSING_LINE));
            await("two Events", MAX, () -> events("AzmonRwProxyMissing").size() == 2);
            Thread.sleep(ReconcilerInstance.RESYNC.multipliedBy(5).toMillis());
            assertThat(standby.wiring.leading()).isFalse();
            assertThat(standby.scrape())
                    .doesNotContain("pods_missing_proxy{")
                    .contains("azmon_rw_webhook_reconciler_leader 0.0")
                    .doesNotContain("reconcile_events_total");

            leader.close();
            await("the standby taking over", MAX, standby.wiring::leading);
            await("the new leader's gauge", MAX, () -> standby.scrape().contains(MISSING_LINE));
            // the new leader re-announces, finds the Events there (409), and adds none
            await(
                    "the new leader's announcements",
                    MAX,
                    () -> standby.scrape().contains("azmon_rw_webhook_reconcile_events_total{result=\"exists\"} 2.0"));
            assertThat(events("AzmonRwProxyMissing")).hasSize(2);
        }
    }

    private void serviceAccountWithClientId() {
        client.serviceAccounts()
                .inNamespace("team-a")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("prometheus")
                        .withNamespace("team-a")
                        .addToAnnotations("azure.workload.identity/client-id", "0b5c8f0e-1d2a-4c3b-9e8f-7a6b5c4d3e2f")
                        .endMetadata()
                        .build())
                .create();
    }

    @Test
    void evictLeavesAPodAloneThatAdmissionWouldSkipAgainForLackOfAnIdentity() throws Exception {
        // no ServiceAccount annotation and no DEFAULT_CLIENT_ID: a recreated pod would again start without the proxy
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/team-a/pods/prom-0/eviction")
                .andReturn(201, "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Success\",\"code\":201}")
                .always();
        MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(10)));
        try (var a =
                new ReconcilerInstance(vertx, client, Map.of("HEAL_MODE", "evict", "HEAL_RATE", "60"), "wh-a", clock)) {
            await("the missing-proxy gauge", MAX, () -> a.scrape().contains(MISSING_LINE));
            clock.advance(Duration.ofMinutes(5));
            Thread.sleep(ReconcilerInstance.RESYNC.multipliedBy(10).toMillis());
            assertThat(a.scrape())
                    .doesNotContain("azmon_rw_webhook_evictions_total")
                    .doesNotContain("eviction_refusals_total");
            // once the identity is there, the same pod is evicted
            serviceAccountWithClientId();
            await("the eviction", MAX, () -> a.scrape().contains("azmon_rw_webhook_evictions_total 1.0"));
        }
    }

    @Test
    void evictRespectsAPodDisruptionBudgetAndTheRate() throws Exception {
        String path = "/api/v1/namespaces/team-a/pods/prom-0/eviction";
        String tooMany =
                "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"TooManyRequests\","
                        + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\",\"code\":429}";
        server.expect().post().withPath(path).andReturn(429, tooMany).once();
        server.expect()
                .post()
                .withPath(path)
                .andReturn(201, "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Success\",\"code\":201}")
                .always();
        serviceAccountWithClientId();
        MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(10)));
        try (var a =
                new ReconcilerInstance(vertx, client, Map.of("HEAL_MODE", "evict", "HEAL_RATE", "1"), "wh-a", clock)) {
            await(
                    "the refusal",
                    MAX,
                    () -> a.scrape().contains("azmon_rw_webhook_eviction_refusals_total{reason=\"pdb\"} 1.0"));
            await(
                    "the refusal Events",
                    MAX,
                    () -> events("AzmonRwProxyHealRefused").size() == 2);
            assertThat(events("AzmonRwProxyHealRefused").get(0).getMessage())
                    .contains("PodDisruptionBudget")
                    .contains("429")
                    .contains("retried later");
            // within the same minute: no second try, however many passes
            Thread.sleep(ReconcilerInstance.RESYNC.multipliedBy(10).toMillis());
            assertThat(a.scrape())
                    .contains("azmon_rw_webhook_eviction_refusals_total{reason=\"pdb\"} 1.0")
                    .doesNotContain("azmon_rw_webhook_evictions_total");

            clock.advance(Duration.ofMinutes(1));
            await("the eviction", MAX, () -> a.scrape().contains("azmon_rw_webhook_evictions_total 1.0"));
            await(
                    "the eviction Events",
                    MAX,
                    () -> events("AzmonRwProxyHealEvicted").size() == 2);
            // the owner now waits for a Ready, injected replacement: no second eviction of it, even a minute later
            clock.advance(Duration.ofMinutes(1));
            Thread.sleep(ReconcilerInstance.RESYNC.multipliedBy(10).toMillis());
            assertThat(a.scrape()).contains("azmon_rw_webhook_evictions_total 1.0");
            assertThat(server.getRequestCount()).isPositive();
        }
    }
}
