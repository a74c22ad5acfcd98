package io.azmonrw.proxy;

import io.azmonrw.proxy.write.ShutdownGate;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets on LISTENING_PORT, and the graceful end of them: keep serving until no write has
 * arrived for the quiet period (bounded by SHUTDOWN_GRACE), then stop accepting and let in-flight requests finish.
 */
public final class ProxyServers {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServers.class);

    /** The whole request head (request line and headers) must arrive within this, however it trickles in. */
    static final long HEAD_DEADLINE_MILLIS = 10_000;
    /** The name Vert.x gives its HTTP/1.x request decoder in the channel pipeline (HttpServerConnectionInitializer). */
    private static final String HTTP_DECODER = "httpDecoder";

    private final Vertx vertx;
    private final ProxyConfig config;
    private final Router router;
    private final ShutdownGate gate;
    private final List<HttpServer> servers = new ArrayList<>();

    public ProxyServers(Vertx vertx, ProxyConfig config, Router router, ShutdownGate gate) {
        this.vertx = vertx;
        this.config = config;
        this.router = router;
        this.gate = gate;
    }

    private HttpServer create(String host, int port) {
        HttpServerOptions o = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                // a silent client (slow or abandoned upload) is cut off and its buffered bytes freed
                .setIdleTimeout((int) config.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                // no cleartext HTTP/2 upgrade (remote-write senders use HTTP/1.1 on plain TCP): with it, Vert.x builds
                // the HTTP/1.x pipeline only after decoding the first request, too late to swap in the strict decoder
                .setHttp2ClearTextEnabled(false);
        HttpServer server = vertx.createHttpServer(o).requestHandler(new Framing(router));
        // HttpServerOptions has no hook for the request decoder: swap it on each new connection, before its first read
        server.connectionHandler(conn -> {
            if (conn instanceof ConnectionBase base
                    && base.channel().pipeline().get(HTTP_DECODER) instanceof VertxHttpRequestDecoder) {
                base.channel()
                        .pipeline()
                        .replace(HTTP_DECODER, HTTP_DECODER, new StrictRequestDecoder(o, HEAD_DEADLINE_MILLIS));
            }
        });
        return server;
    }

    /** Binds every configured address; by default "::" (IPv4 too on a dual-stack host), else 0.0.0.0. */
    public Future<Void> listen() {
        List<String> hosts = config.listenAddresses();
        if (hosts.isEmpty()) {
            HttpServer dual = create("::", config.listeningPort());
            return dual.listen()
                    .<Void>map(s -> {
                        servers.add(s);
                        LOG.info("listening on [::]:{} (IPv4 and IPv6)", s.actualPort());
                        return null;
                    })
                    .recover(e -> {
                        if (String.valueOf(e.getMessage()).contains("in use")) {
                            return Future.failedFuture(e);
                        }
                        LOG.info("IPv6 unavailable ({}), listening on 0.0.0.0 only", e.getMessage());
                        return create("0.0.0.0", config.listeningPort())
                                .listen()
                                .map(s -> {
                                    servers.add(s);
                                    LOG.info("listening on 0.0.0.0:{}", s.actualPort());
                                    return null;
                                });
                    });
        }
        // the first address decides the port when LISTENING_PORT is 0, so every address shares it
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            boolean first = i == 0;
            boolean optional = hosts.size() > 1 && host.equals("::1");
            chain = chain.compose(v -> {
                int port = first ? config.listeningPort() : servers.get(0).actualPort();
                Future<Void> bound = create(host, port).listen().map(s -> {
                    servers.add(s);
                    LOG.info("listening on {}:{}", host, s.actualPort());
                    return null;
                });
                // a host without IPv6 still serves localhost through 127.0.0.1
                return optional
                        ? bound.recover(e -> {
                            LOG.info("not listening on {}: {}", host, e.getMessage());
                            return Future.succeededFuture();
                        })
                        : bound;
            });
        }
        return chain;
    }

    public int actualPort() {
        return servers.get(0).actualPort();
    }

    /** The quiet period, then a graceful shutdown of every server, all within SHUTDOWN_GRACE. */
    public Future<Void> drainAndClose() {
        long deadline = System.currentTimeMillis() + config.shutdownGrace().toMillis();
        long quiet = config.shutdownQuietPeriod().toMillis();
        LOG.info(
                "shutting down: serving until no write for {} ms (at most {} ms)",
                quiet,
                config.shutdownGrace().toMillis());
        Promise<Void> quietReached = Promise.promise();
        checkQuiet(quietReached, deadline, quiet);
        return quietReached
                .future()
                .compose(v -> {
                    long left = Math.max(1000, deadline - System.currentTimeMillis());
                    LOG.info("no longer accepting; {} write(s) in flight, waiting up to {} ms", gate.inflight(), left);
                    List<Future<Void>> all = new ArrayList<>();
                    for (HttpServer s : servers) {
                        all.add(s.shutdown(left, TimeUnit.MILLISECONDS));
                    }
                    return Future.join(all).<Void>mapEmpty();
                })
                .onComplete(ar -> LOG.info("listeners closed"));
    }

    private void checkQuiet(Promise<Void> done, long deadline, long quiet) {
        long now = System.currentTimeMillis();
        if (gate.millisSinceLastWrite() >= quiet || now >= deadline) {
            done.tryComplete();
            return;
        }
        long wait = Math.min(quiet - gate.millisSinceLastWrite(), deadline - now);
        vertx.setTimer(Math.max(10, wait), id -> checkQuiet(done, deadline, quiet));
    }
}
