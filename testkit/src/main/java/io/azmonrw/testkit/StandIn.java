package io.azmonrw.testkit;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Base of the stand-ins: one Vert.x HTTP(S) server on 127.0.0.1 and an ephemeral port. */
public abstract class StandIn implements AutoCloseable {
    protected final Vertx vertx;
    private final HttpServerOptions options;
    private volatile HttpServer server;
    private volatile Vertx owned;

    protected StandIn(Vertx vertx, TestCa ca) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
        if (ca != null) {
            options.setSsl(true).setKeyCertOptions(ca.keyCertOptions());
        }
    }

    /** {@link #close()} closes this Vert.x too: for a stand-in made on a Vert.x of its own. */
    protected void closeWith(Vertx own) {
        this.owned = own;
    }

    /** The routes of this stand-in. */
    protected abstract Router router();

    /** What answers each request: the routes, unless a stand-in needs none (a counting sink). */
    protected Handler<HttpServerRequest> requestHandler() {
        return router();
    }

    /** Adjusts the server options before start, e.g. to offer HTTP/2. */
    protected HttpServerOptions options() {
        return options;
    }

    /** Binds the server; the port is known once this future completes. */
    public Future<Void> start() {
        return vertx.createHttpServer(options)
                .requestHandler(requestHandler())
                .listen()
                .map(s -> {
                    server = s;
                    return null;
                });
    }

    /** Stops listening; the stand-in keeps what it recorded. */
    public Future<Void> stop() {
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    /** Same as {@link #stop()}, for symmetry with {@link #start()}. */
    public Future<Void> closeAsync() {
        return stop();
    }

    /** Blocking close for try-with-resources and {@code @AfterAll}. */
    @Override
    public void close() {
        try {
            stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Vertx own = owned;
            if (own != null) {
                owned = null;
                own.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot stop " + getClass().getSimpleName(), e);
        }
    }

    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not started");
        }
        return s.actualPort();
    }

    /** {@code https://127.0.0.1:PORT} (or http for plain stand-ins), no trailing slash. */
    public String baseUrl() {
        return (options.isSsl() ? "https" : "http") + "://127.0.0.1:" + port();
    }
}
