package io.azmonrw.common.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/** Wires the health, readiness and metrics routes that both services expose. */
public final class Routes {
    private Routes() {}

    public static void management(Router router, String healthPath, String readyPath, Readiness readiness, PrometheusMeterRegistry registry) {
        router.get(healthPath).handler(new HealthHandler());
        router.get(readyPath).handler(new ReadinessHandler(readiness));
        router.get("/metrics").handler(new MetricsHandler(registry));
    }
}
