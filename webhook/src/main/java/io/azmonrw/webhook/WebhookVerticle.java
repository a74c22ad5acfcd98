package io.azmonrw.webhook;

import io.azmonrw.common.http.Readiness;
import io.azmonrw.common.http.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** Wires the webhook's management routes. */
public final class WebhookVerticle extends VerticleBase {
    private final WebhookConfig config;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness = new Readiness();
    private HttpServer management;

    public WebhookVerticle(WebhookConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    public int managementPort() {
        return management.actualPort();
    }

    @Override
    public Future<?> start() {
        readiness.register("config", () -> Readiness.Result.up("loaded"));
        Router router = Router.router(vertx);
        Routes.management(router, "/healthz", "/readyz", readiness, registry);
        Routes.errors(router);
        management = vertx.createHttpServer();
        return management.requestHandler(router).listen(config.managementPort());
    }
}
