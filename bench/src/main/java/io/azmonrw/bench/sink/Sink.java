package io.azmonrw.bench.sink;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingestion end of every path: an HTTPS server (HTTP/1.1 only, so our proxy and nginx both use pooled
 * HTTP/1.1 upstream connections) that reads the body and answers 204.
 */
public final class Sink implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong withBearer = new AtomicLong();

  private Sink(HttpServer server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1 and an ephemeral port with the given PEM certificate and key. */
  public static Sink start(Vertx vertx, String certPem, String keyPem) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setSsl(true)
        .setUseAlpn(false)
        .setTcpNoDelay(true)
        .setKeyCertOptions(new PemKeyCertOptions().addCertPath(certPem).addKeyPath(keyPem));
    HttpServer server = vertx.createHttpServer(options);
    Sink sink = new Sink(server);
    server.requestHandler(req -> {
      String auth = req.getHeader("Authorization");
      if (auth != null && auth.startsWith("Bearer ")) {
        sink.withBearer.incrementAndGet();
      }
      req.body().onComplete(ar -> {
        sink.requests.incrementAndGet();
        if (ar.succeeded()) {
          sink.bytes.addAndGet(ar.result().length());
        }
        req.response().setStatusCode(204).end();
      });
    });
    server.listen().toCompletionStage().toCompletableFuture().join();
    return sink;
  }

  public int port() {
    return server.actualPort();
  }

  public long requests() {
    return requests.get();
  }

  public long bytes() {
    return bytes.get();
  }

  /** Requests that carried an {@code Authorization: Bearer} header. */
  public long withBearer() {
    return withBearer.get();
  }

  @Override
  public void close() {
    server.close().toCompletionStage().toCompletableFuture().join();
  }
}
