package io.azmonrw.webhook.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.WebhookConfig.SidecarMode;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ServiceAccount/Namespace lookups and the SIDECAR_MODE=auto check against KubernetesMockServer in CRUD mode. */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterLookupIT {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private static Vertx vertx;
    private static WorkerExecutor worker;
    private static KubernetesClient bounded;
    private static BoundedApi api;

    @BeforeAll
    static void up() {
        vertx = Vertx.vertx();
        worker = vertx.createSharedWorkerExecutor(BoundedApi.POOL_NAME, BoundedApi.POOL_SIZE);
        bounded = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(10));
        api = new BoundedApi(worker, Duration.ofSeconds(10));
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("team-a")
                        .addToLabels("azmon-rw.io/injection", "enabled")
                        .addToAnnotations("azmon-rw.io/ingestion-url", "https://127.0.0.1:9/ns")
                        .endMetadata()
                        .build())
                .create();
        client.serviceAccounts()
                .inNamespace("team-a")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("prom")
                        .withNamespace("team-a")
                        .addToAnnotations("azure.workload.identity/client-id", "cid-a")
                        .addToAnnotations("azure.workload.identity/tenant-id", "tid-a")
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterAll
    static void down() {
        bounded.close();
        vertx.close().await();
    }

    @Test
    void readsFromTheApiBeforeTheCachesAndFromTheCachesAfter() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InformerClusterLookup lookup =
                new InformerClusterLookup(bounded, api, new WebhookMetrics(registry), () -> false);
        try {
            // not started: direct GETs
            assertThat(lookup.serviceAccountAnnotations("team-a", "prom").await())
                    .contains(Map.of(
                            "azure.workload.identity/client-id",
                            "cid-a",
                            "azure.workload.identity/tenant-id",
                            "tid-a"));
            assertThat(lookup.serviceAccountAnnotations("team-a", "missing").await())
                    .isEmpty();
            Optional<ObjectMeta> ns = lookup.namespace("team-a").await();
            assertThat(ns).isPresent();
            assertThat(ns.get().getAnnotations()).containsEntry("azmon-rw.io/ingestion-url", "https://127.0.0.1:9/ns");
            assertThat(lookup.namespace("nope").await()).isEmpty();
            assertThat(registry.scrape())
                    .contains("azmon_rw_webhook_lookups_total{kind=\"serviceaccount\",source=\"api\"} 1.0")
                    .contains("azmon_rw_webhook_lookups_total{kind=\"serviceaccount\",source=\"absent\"} 1.0");

            lookup.start().await();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!lookup.synced() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(lookup.synced()).isTrue();
            assertThat(lookup.serviceAccountAnnotations("team-a", "prom").await())
                    .isPresent();
            assertThat(lookup.namespace("team-a").await()).isPresent();
            assertThat(registry.scrape())
                    .contains("azmon_rw_webhook_lookups_total{kind=\"serviceaccount\",source=\"cache\"} 1.0")
                    .contains("azmon_rw_webhook_lookups_total{kind=\"namespace\",source=\"cache\"} 1.0");

            // created after the sync: found whether or not the watch has delivered it yet (cache miss -> GET)
            client.serviceAccounts()
                    .inNamespace("team-a")
                    .resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName("late")
                            .withNamespace("team-a")
                            .addToAnnotations("azure.workload.identity/client-id", "cid-late")
                            .endMetadata()
                            .build())
                    .create();
            assertThat(lookup.serviceAccountAnnotations("team-a", "late").await())
                    .contains(Map.of("azure.workload.identity/client-id", "cid-late"));
        } finally {
            lookup.close();
        }
    }

    @Test
    void autoSidecarModeFollowsTheOldestKubelet() {
        server.setVersionInfo(new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("30+")
                .withGitVersion("v1.30.2+k3s1")
                .build());
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("n1")
                        .endMetadata()
                        .withNewStatus()
                        .withNewNodeInfo()
                        .withKubeletVersion("v1.30.2+k3s1")
                        .endNodeInfo()
                        .endStatus()
                        .build())
                .create();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SidecarModeDetector detector =
                new SidecarModeDetector(vertx, bounded, api, SidecarMode.AUTO, new WebhookMetrics(registry));
        assertThat(detector.getAsBoolean()).isFalse();
        detector.check().await();
        assertThat(detector.getAsBoolean()).as(detector.reason()).isTrue();

        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("n2")
                        .endMetadata()
                        .withNewStatus()
                        .withNewNodeInfo()
                        .withKubeletVersion("v1.28.9-eks-036c24b")
                        .endNodeInfo()
                        .endStatus()
                        .build())
                .create();
        detector.check().await();
        assertThat(detector.getAsBoolean()).isFalse();
        assertThat(detector.reason()).contains("v1.28.9");

        SidecarModeDetector fixed = new SidecarModeDetector(
                vertx,
                bounded,
                api,
                SidecarMode.NATIVE,
                new WebhookMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        assertThat(fixed.getAsBoolean()).isTrue();
    }
}
