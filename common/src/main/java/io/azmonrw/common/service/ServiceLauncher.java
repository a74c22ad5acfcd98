package io.azmonrw.common.service;

import io.azmonrw.common.config.ConfigException;
import io.azmonrw.common.logging.Logging;
import io.azmonrw.common.metrics.MetricsSetup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The startup sequence both services share, so that each {@code Main} stays a few lines: config, Vert.x with metrics, one verticle, shutdown hook. */
public final class ServiceLauncher {
    /**
     * A start that hangs ends in exit 1 (and a restart) after this. Generous on purpose: a container throttled by a
     * small CPU limit, or an arm64 image run under qemu, can take a minute or more to load and link its classes, and
     * a bound that cuts a slow but healthy start short turns it into a crash loop.
     */
    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

    /** Creates the one verticle of a service from its config and the shared registry. */
    @FunctionalInterface
    public interface VerticleFactory<C> {
        VerticleBase create(C config, PrometheusMeterRegistry registry, Vertx vertx) throws Exception;
    }

    /** What a service needs from its config to start. */
    public interface ServiceConfig {
        /** Tags on every meter (e.g. {@code cluster}). */
        Map<String, String> metricTags();

        /** How long SIGTERM may take before the process gives up waiting. */
        Duration shutdownTimeout();
    }

    private ServiceLauncher() {}

    /**
     * Starts the service; returns 0 once the verticle is deployed (Vert.x threads keep the JVM alive)
     * or 1 with one clear log line when config is bad or startup fails.
     */
    public static <C extends ServiceConfig> int run(
            String service,
            String version,
            Map<String, String> env,
            Function<Map<String, String>, C> configLoader,
            VerticleFactory<C> factory) {
        Logging.configure(env);
        C config;
        try {
            config = configLoader.apply(env);
        } catch (ConfigException e) {
            LOG.error("{} {} cannot start: {}", service, version, e.getMessage());
            return 1;
        }
        LOG.info("{} {} starting with {}", service, version, config);
        PrometheusMeterRegistry registry = MetricsSetup.registry(config.metricTags());
        Vertx vertx = MetricsSetup.vertx(registry, new VertxOptions());
        try {
            VerticleBase verticle = factory.create(config, registry, vertx);
            String id = vertx.deployVerticle(verticle)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(DEPLOY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("{} started (deployment {})", service, id);
        } catch (Exception e) {
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.error("{} failed to start: {}", service, String.valueOf(cause), cause);
            closeQuietly(vertx, Duration.ofSeconds(5));
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("{} stopping (signal received)", service);
                            boolean clean =
                                    closeQuietly(vertx, config.shutdownTimeout().plusSeconds(5));
                            LOG.info("{} stopped{}", service, clean ? "" : " (shutdown did not complete in time)");
                            // the JVM would otherwise exit 143 after SIGTERM; a clean drain is a successful exit
                            // (docs/design.md, Shutdown)
                            Runtime.getRuntime().halt(clean ? 0 : 1);
                        },
                        service + "-shutdown"));
        return 0;
    }

    private static boolean closeQuietly(Vertx vertx, Duration timeout) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warn("shutdown did not complete cleanly: {}", String.valueOf(e));
            return false;
        }
    }
}
