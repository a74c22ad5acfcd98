package io.azmonrw.common.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics} in the Prometheus text exposition format (0.0.4), which every Prometheus version scrapes. */
public final class MetricsHandler implements Handler<RoutingContext> {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String text = registry.scrape(CONTENT_TYPE);
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text);
    }
}
