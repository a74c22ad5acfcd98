package io.azmonrw.proxy.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An IMDS-shaped managed-identity endpoint on 127.0.0.1 (reached through AZURE_POD_IDENTITY_AUTHORITY_HOST) issuing mi-1, mi-2, ... */
public final class FakeManagedIdentity implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();
    /** The query parameters of each token request. */
    public final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    public FakeManagedIdentity() throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(req -> {
            Map<String, String> q = new java.util.HashMap<>();
            req.params().forEach(e -> q.put(e.getKey(), e.getValue()));
            if (!"true".equalsIgnoreCase(req.getHeader("Metadata")) || !req.path().endsWith("/metadata/identity/oauth2/token")) {
                System.out.println("[fake-mi] unexpected " + req.method() + " " + req.uri() + " Metadata=" + req.getHeader("Metadata"));
                req.response().setStatusCode(400).end("{\"error\":\"invalid_request\"}");
                return;
            }
            requests.add(q);
            System.out.println("[fake-mi] token request at " + java.time.Instant.now());
            long now = System.currentTimeMillis() / 1000;
            JsonObject body = new JsonObject()
                    .put("access_token", "mi-" + issued.incrementAndGet())
                    .put("expires_in", "3600")
                    .put("expires_on", Long.toString(now + 3600))
                    .put("ext_expires_in", "3600")
                    .put("not_before", Long.toString(now))
                    .put("resource", q.getOrDefault("resource", ""))
                    .put("token_type", "Bearer");
            req.response().putHeader("Content-Type", "application/json").end(body.encode());
        }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String authorityHost() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public boolean isIssued(String bearer) {
        return bearer != null && bearer.startsWith("Bearer mi-");
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
