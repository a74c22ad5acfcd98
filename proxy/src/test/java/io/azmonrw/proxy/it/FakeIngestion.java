package io.azmonrw.proxy.it;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A plain-HTTP ingestion endpoint on 127.0.0.1 that records requests and answers from a script (default 204). */
public final class FakeIngestion implements AutoCloseable {
    /** One received request: headers (lower-cased names) and body bytes. */
    public record Received(Map<String, String> headers, byte[] body) {}

    /** A scripted answer; {@code delayMillis} < 0 means never answer. */
    public record Scripted(int status, Map<String, String> headers, long delayMillis) {
        public static Scripted of(int status) {
            return new Scripted(status, Map.of(), 0);
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final Queue<Scripted> script = new ConcurrentLinkedQueue<>();

    public FakeIngestion() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(req -> req.body().onSuccess(body -> {
            Map<String, String> h = new java.util.HashMap<>();
            req.headers().forEach(e -> h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
            received.add(new Received(h, body.getBytes()));
            Scripted s = script.poll();
            if (s == null) {
                s = Scripted.of(204);
            }
            Scripted answer = s;
            HttpServerResponse resp = req.response();
            Runnable send = () -> {
                resp.setStatusCode(answer.status());
                answer.headers().forEach(resp::putHeader);
                resp.end(answer.status() >= 400 ? Buffer.buffer("scripted " + answer.status()) : Buffer.buffer());
            };
            if (answer.delayMillis() < 0) {
                return;
            }
            if (answer.delayMillis() > 0) {
                vertx.setTimer(answer.delayMillis(), id -> send.run());
            } else {
                send.run();
            }
        })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/dataCollectionRules/dcr-test/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24";
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
