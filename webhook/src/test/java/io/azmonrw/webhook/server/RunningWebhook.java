package io.azmonrw.webhook.server;

import io.azmonrw.common.metrics.MetricsSetup;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.WebhookVerticle;
import io.azmonrw.webhook.k8s.KubernetesClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Map;

/** The real verticle deployed as Main deploys it (metrics, bounded client), with a fast certificate poll; closed after a test. */
record RunningWebhook(Vertx vertx, WebhookVerticle verticle, KubernetesClient client, WebhookConfig config)
        implements AutoCloseable {

    static RunningWebhook start(Map<String, String> env, Config kubernetes) {
        WebhookConfig config = WebhookConfig.fromEnv(env);
        PrometheusMeterRegistry registry = MetricsSetup.registry(Map.of());
        Vertx vertx = MetricsSetup.vertx(registry, new VertxOptions());
        KubernetesClient client = KubernetesClients.create(kubernetes, config.apiTimeout());
        WebhookVerticle verticle = new WebhookVerticle(config, registry, client, "test", Duration.ofMillis(200));
        try {
            vertx.deployVerticle(verticle).await();
        } catch (RuntimeException e) {
            vertx.close().await();
            client.close();
            throw e;
        }
        return new RunningWebhook(vertx, verticle, client, config);
    }

    @Override
    public void close() {
        vertx.close().await();
        client.close();
    }
}
