package io.azmonrw.webhook.reconcile;

import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.k8s.BoundedApi;
import io.azmonrw.webhook.k8s.InformerClusterLookup;
import io.azmonrw.webhook.k8s.KubernetesClients;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** One webhook replica's reconciler (what WebhookVerticle wires), with its own client, metrics and identity. */
final class ReconcilerInstance implements AutoCloseable {
    static final Duration RESYNC = Duration.ofMillis(300);
    static final LeaderGate.Timings FAST =
            new LeaderGate.Timings(Duration.ofSeconds(8), Duration.ofSeconds(6), Duration.ofMillis(200));

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KubernetesClient client;
    private final WorkerExecutor worker;
    private final InformerClusterLookup lookup;
    final ReconcilerWiring wiring;

    ReconcilerInstance(Vertx vertx, KubernetesClient mock, Map<String, String> env, String id, Clock clock) {
        WebhookConfig config = TestPods.config(env);
        client = KubernetesClients.create(mock.getConfiguration(), Duration.ofSeconds(10));
        worker = vertx.createSharedWorkerExecutor(BoundedApi.POOL_NAME + "-" + id, BoundedApi.POOL_SIZE);
        BoundedApi api = new BoundedApi(worker, Duration.ofSeconds(10));
        WebhookMetrics metrics = new WebhookMetrics(registry);
        lookup = new InformerClusterLookup(client, api, metrics, () -> false);
        wiring = new ReconcilerWiring(
                vertx,
                config,
                client,
                api,
                metrics,
                lookup,
                id,
                new ReconcilerWiring.Tuning(FAST, RESYNC, clock, "1.1.0"));
        lookup.start().compose(x -> wiring.start()).await();
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        wiring.close();
        lookup.close();
        worker.close().await();
        client.close();
    }
}
