package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.ManagedIdentityStandIn;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM on a real process: in-flight writes finish, a write during the quiet period is still served, then exit 0. */
class ShutdownIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigtermDrainsInFlightServesTheQuietPeriodAndExitsZero() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (IngestionStandIn ingestion = IngestionStandIn.startPlainHttp();
                ManagedIdentityStandIn mi = new ManagedIdentityStandIn(vertx)) {
            mi.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Map<String, String> env = new HashMap<>(ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test")));
            env.putAll(mi.imdsEnv());
            env.put("SHUTDOWN_QUIET_PERIOD", "2s");
            env.put("SHUTDOWN_GRACE", "20s");
            try (ProxyProcess proxy = new ProxyProcess(env, List.of())) {
                int port = proxy.port(Duration.ofSeconds(60));
                assertThat(send(port).join().statusCode()).isEqualTo(204);
                // the next answer takes 1.5 s: that write is in flight when SIGTERM arrives
                ingestion.enqueue(204, Map.of(), Duration.ofMillis(1500));
                CompletableFuture<HttpResponse<String>> inFlight = send(port);
                BadInputIT.waitFor(() -> ingestion.requests().size() == 2, Duration.ofSeconds(10));
                long sigterm = System.nanoTime();
                proxy.terminate();
                Thread.sleep(1000);
                HttpResponse<String> duringQuiet = send(port).join();
                assertThat(duringQuiet.statusCode()).isEqualTo(204);
                assertThat(inFlight.join().statusCode()).isEqualTo(204);
                int exit = proxy.waitForExit(Duration.ofSeconds(30));
                assertThat(exit).isZero();
                // it waited for the quiet period after the last write (1 s + 2 s), not a moment less
                assertThat(Duration.ofNanos(System.nanoTime() - sigterm))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
                assertThat(ingestion.requests()).hasSize(3);
                assertThat(ingestion.requests())
                        .allSatisfy(r -> assertThat(mi.isValid(
                                        r.headers().get("authorization").substring("Bearer ".length())))
                                .isTrue());
                assertThat(proxy.lines()).anyMatch(l -> l.contains("no longer accepting"));
                assertThat(send(port))
                        .failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(ConnectException.class);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(int port) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.rw1(2, 2, System.currentTimeMillis())))
                .build();
        return HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }
}
