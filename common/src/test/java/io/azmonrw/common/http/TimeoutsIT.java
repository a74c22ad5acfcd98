package io.azmonrw.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failures the HTTP clients really produce against a loopback peer that accepts and never answers, or is not there. */
class TimeoutsIT {
    // the kernel completes TCP handshakes into the backlog; nobody ever accepts or reads: a peer that never answers
    private ServerSocket silent;

    @BeforeEach
    void silentPeer() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        silent.close();
    }

    @Test
    void vertxRequestIdleTimeoutIsATimeoutAndARefusedConnectionIsNot() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
            Throwable idle = client.request(new RequestOptions()
                            .setMethod(HttpMethod.GET)
                            .setHost("127.0.0.1")
                            .setPort(silent.getLocalPort())
                            .setURI("/")
                            .setIdleTimeout(200))
                    .compose(req -> req.send())
                    .transform(ar -> Future.succeededFuture(ar.cause()))
                    .await();
            assertThat(idle).isNotNull();
            assertThat(Timeouts.isTimeout(idle)).as("%s", idle).isTrue();

            int closedPort;
            try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = gone.getLocalPort();
            }
            Throwable refused = client.request(HttpMethod.GET, closedPort, "127.0.0.1", "/")
                    .compose(req -> req.send())
                    .transform(ar -> Future.succeededFuture(ar.cause()))
                    .await();
            assertThat(refused).isNotNull();
            assertThat(Timeouts.isTimeout(refused)).as("%s", refused).isFalse();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void jdkClientRequestTimeoutIsATimeout() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"))
                .timeout(Duration.ofMillis(200))
                .build();
        Throwable failure = null;
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(Timeouts.isTimeout(failure)).as("%s", failure).isTrue();
    }

    @Test
    void blockingSocketReadTimeoutIsATimeout() throws Exception {
        Throwable failure = null;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort())) {
            s.setSoTimeout(200);
            InputStream in = s.getInputStream();
            in.read();
        } catch (java.io.IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(Timeouts.isTimeout(failure)).as("%s", failure).isTrue();
    }
}
