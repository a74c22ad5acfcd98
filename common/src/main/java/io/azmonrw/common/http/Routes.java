package io.azmonrw.common.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/** Wires the health, readiness and metrics routes that both services expose. */
public final class Routes {
    private Routes() {}

    public static void management(
            Router router, String healthPath, String readyPath, Readiness readiness, PrometheusMeterRegistry registry) {
        router.get(healthPath).handler(new HealthHandler());
        router.get(readyPath).handler(new ReadinessHandler(readiness));
        router.get("/metrics").handler(new MetricsHandler(registry));
    }

    /** The same, with liveness checks: /health answers 503 while one of them fails (the kubelet then restarts the pod). */
    public static void management(
            Router router,
            String healthPath,
            String readyPath,
            Readiness readiness,
            Readiness liveness,
            PrometheusMeterRegistry registry) {
        router.get(healthPath).handler(new ReadinessHandler(liveness));
        router.get(readyPath).handler(new ReadinessHandler(readiness));
        router.get("/metrics").handler(new MetricsHandler(registry));
    }

    /**
     * Sends every failure, unknown route (404) and wrong method (405) through {@link FailureHandler}, so
     * clients always get the one JSON error shape and never Vert.x's default HTML page.
     */
    public static void errors(Router router) {
        FailureHandler failures = new FailureHandler();
        router.route().failureHandler(failures);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, failures);
        }
    }
}
