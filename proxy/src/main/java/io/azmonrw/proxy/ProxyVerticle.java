package io.azmonrw.proxy;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.http.Readiness;
import io.azmonrw.common.http.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** Wires the proxy's routes on its one port. */
public final class ProxyVerticle extends VerticleBase {
    private final ProxyConfig config;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness = new Readiness();
    private HttpServer server;

    public ProxyVerticle(ProxyConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** The port actually bound (differs from the config when it asked for 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        readiness.register("config", () -> Readiness.Result.up("ingestion " + config.ingestionUrl().getHost()));
        Router router = Router.router(vertx);
        Routes.management(router, Injection.HEALTH_PATH, Injection.READY_PATH, readiness, registry);
        Routes.errors(router);
        server = vertx.createHttpServer(new HttpServerOptions().setPort(config.listeningPort()).setHost(config.listenAddress()));
        return server.requestHandler(router).listen();
    }
}
