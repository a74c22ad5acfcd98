package io.azmonrw.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.config.Cidr;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ALLOWED_WRITERS decision is made on a connection's first request, kept for its later ones, and made afresh for a new connection. */
class WriterCheckIT {
    @Test
    void theWriterIsDecidedOncePerConnectionAndAgainForANewConnection() throws Exception {
        AtomicInteger decisions = new AtomicInteger();
        List<String> addresses = new CopyOnWriteArrayList<>();
        // allows the first connection only: a kept decision answers 204 for all its requests, a fresh one 403
        WriterCheck check = new WriterCheck(address -> {
            addresses.add(address);
            return decisions.incrementAndGet() == 1;
        });
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(
                            new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(req -> req.response()
                            .setStatusCode(check.allowed(req) ? 204 : 403)
                            .end())
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            HttpClient first =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 3; i++) {
                assertThat(status(first, server.actualPort())).isEqualTo(204);
            }
            assertThat(decisions).hasValue(1);
            HttpClient second =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 2; i++) {
                assertThat(status(second, server.actualPort())).isEqualTo(403);
            }
            assertThat(decisions).hasValue(2);
            assertThat(addresses).containsExactly("127.0.0.1", "127.0.0.1");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void addressesAreMatchedAgainstTheNetworks() {
        List<Cidr> nets = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));
        assertThat(WriterCheck.allowed(nets, "10.1.2.3")).isTrue();
        assertThat(WriterCheck.allowed(nets, "[fd00::1]")).isTrue();
        assertThat(WriterCheck.allowed(nets, "fd00::1%eth0")).isTrue();
        assertThat(WriterCheck.allowed(nets, "127.0.0.1")).isFalse();
        assertThat(WriterCheck.allowed(nets, "example.invalid")).isFalse();
        assertThat(WriterCheck.allowed(nets, null)).isFalse();
    }

    private static int status(HttpClient client, int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build();
        return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
