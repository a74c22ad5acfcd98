package io.azmonrw.bench.sink;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTPS Entra stand-in for the benchmarks: answers MSAL's token request (and the discovery documents
 * it may ask for) with a long-lived opaque token, so the proxy under test holds a real cached token. It does not
 * check the request's shape: testkit's TokenStandIn does that for the tests.
 */
public final class TokenStandIn implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong tokens = new AtomicLong();

  private TokenStandIn(HttpServer server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1 and an ephemeral port. */
  public static TokenStandIn start(Vertx vertx, String certPem, String keyPem) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().addCertPath(certPem).addKeyPath(keyPem)));
    TokenStandIn standIn = new TokenStandIn(server);
    server.requestHandler(req -> req.body().onComplete(ar -> {
      String path = req.path();
      String base = "https://127.0.0.1:" + server.actualPort();
      String tenant = path.length() > 1 ? path.substring(1).split("/")[0] : "common";
      JsonObject body;
      if (path.endsWith("/oauth2/v2.0/token") || path.endsWith("/oauth2/token")) {
        standIn.tokens.incrementAndGet();
        body = new JsonObject()
            .put("token_type", "Bearer")
            .put("expires_in", 86_399)
            .put("ext_expires_in", 86_399)
            .put("access_token", "bench-token-" + standIn.tokens.get());
      } else if (path.contains("/discovery/instance")) {
        body = new JsonObject()
            .put("tenant_discovery_endpoint", base + "/" + tenant + "/v2.0/.well-known/openid-configuration")
            .put("api-version", "1.1")
            .put("metadata", new JsonArray().add(new JsonObject()
                .put("preferred_network", "127.0.0.1:" + server.actualPort())
                .put("preferred_cache", "127.0.0.1:" + server.actualPort())
                .put("aliases", new JsonArray().add("127.0.0.1:" + server.actualPort()))));
      } else if (path.contains("openid-configuration")) {
        body = new JsonObject()
            .put("token_endpoint", base + "/" + tenant + "/oauth2/v2.0/token")
            .put("authorization_endpoint", base + "/" + tenant + "/oauth2/v2.0/authorize")
            .put("issuer", base + "/" + tenant + "/v2.0")
            .put("tenant_region_scope", "EU");
      } else {
        req.response().setStatusCode(404).end();
        return;
      }
      req.response().putHeader("Content-Type", "application/json").end(body.encode());
    }));
    server.listen().toCompletionStage().toCompletableFuture().join();
    return standIn;
  }

  public int port() {
    return server.actualPort();
  }

  /** Tokens issued so far. */
  public long tokensIssued() {
    return tokens.get();
  }

  @Override
  public void close() {
    server.close().toCompletionStage().toCompletableFuture().join();
  }
}
