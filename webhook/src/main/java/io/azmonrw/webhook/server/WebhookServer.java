package io.azmonrw.webhook.server;

import io.azmonrw.webhook.tls.CertificateReloader;
import io.azmonrw.webhook.tls.PemMaterial;
import io.azmonrw.webhook.tls.TlsPolicy;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS-only admission endpoint. It opens its port once a valid certificate is on disk (a
 * self-managed certificate may be written after startup) and swaps certificates in place when the
 * files change, so neither a Secret rotation nor cert-manager renewal needs a restart.
 */
public final class WebhookServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

    private final Vertx vertx;
    private final int port;
    private final Handler<HttpServerRequest> handler;
    private final CertificateReloader reloader;
    private final Promise<Void> listening = Promise.promise();
    private volatile HttpServer server;

    public WebhookServer(Vertx vertx, int port, Handler<HttpServerRequest> handler, CertificateReloader reloader) {
        this.vertx = vertx;
        this.port = port;
        this.handler = handler;
        this.reloader = reloader;
    }

    /**
     * Starts watching the certificate files. The returned future fails only when the first valid
     * certificate cannot be served (e.g. the port is taken); it succeeds at once when no certificate
     * exists yet, and the port opens later.
     */
    public Future<Void> start() {
        return reloader.start(this::apply).transform(first -> {
            Future<Void> l = listening.future();
            // unusable files are waited for; a port that cannot be bound is a startup failure
            return l.failed() ? l : Future.<Void>succeededFuture();
        });
    }

    private Future<?> apply(PemMaterial material) {
        HttpServer s = server;
        if (s == null) {
            HttpServer created =
                    vertx.createHttpServer(TlsPolicy.serverOptions(material)).requestHandler(handler);
            return created.listen(port)
                    .onSuccess(ok -> {
                        server = created;
                        LOG.info("webhook listening with TLS on port {}", created.actualPort());
                        listening.tryComplete();
                    })
                    .onFailure(listening::tryFail);
        }
        return s.updateSSLOptions(TlsPolicy.sslOptions(material), true);
    }

    /** True once the HTTPS port is open with a valid certificate. */
    public boolean ready() {
        return server != null && reloader.current().isPresent();
    }

    /** The bound port, or -1 before a certificate was found. */
    public int actualPort() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    public Future<Void> close() {
        reloader.stop();
        HttpServer s = server;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
