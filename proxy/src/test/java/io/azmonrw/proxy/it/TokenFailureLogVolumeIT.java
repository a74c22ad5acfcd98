package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy as deployed (its Main, its logging set-up) for a minute of AADSTS70021 while a writer retries every
 * second: the log holds one line per minute for it, with the repeat count, and nothing from the libraries.
 */
class TokenFailureLogVolumeIT {
    @TempDir
    Path dir;

    @Test
    void overAMinuteOfAnEntraRefusalIsTwoLinesTheSecondWithTheRepeatCount() throws Exception {
        Vertx vertx = Vertx.vertx();
        StandIns standIns = StandIns.start(vertx, dir)
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        try {
            standIns.entra()
                    .failWith(
                            400,
                            "invalid_request",
                            70021,
                            "No matching federated identity record found for presented assertion.");
            Map<String, String> env = new HashMap<>(standIns.proxyEnv());
            env.put("SHUTDOWN_QUIET_PERIOD", "0s");
            List<String> lines;
            int statusSeen;
            long seconds;
            try (ProxyProcess proxy = new ProxyProcess(env, List.of())) {
                int port = proxy.port(Duration.ofSeconds(90));
                int before = proxy.lines().size();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                // the repeat line comes with the first failure a minute after the first line: failures are at most
                // 30 s apart (the longest backoff), so it is there by 90 s
                long start = System.currentTimeMillis();
                long end = start + 100_000;
                statusSeen = 0;
                while (System.currentTimeMillis() < end
                        && proxy.lines().stream().noneMatch(l -> l.contains("more like it"))) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                            .header("Content-Type", "application/x-protobuf")
                            .header("Content-Encoding", "snappy")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(
                                    Payloads.rw1(1, 1, System.currentTimeMillis())))
                            .build();
                    statusSeen =
                            http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
                    Thread.sleep(1000);
                }
                lines = proxy.lines().subList(before, proxy.lines().size());
                seconds = (System.currentTimeMillis() - start) / 1000;
                proxy.terminate();
                assertThat(proxy.waitForExit(Duration.ofSeconds(30))).isZero();
            }
            long refused = standIns.entra().requests().stream()
                    .filter(r -> r.status() == 400)
                    .count();
            List<String> about = lines.stream()
                    .filter(l -> l.contains("AADSTS70021") && l.contains(" WARN "))
                    .toList();
            System.out.printf(
                    "[volume] %d s of AADSTS70021: %d token requests refused, %d log lines (%d WARN naming the code)%n",
                    seconds, refused, lines.size(), about.size());
            assertThat(statusSeen).isEqualTo(503);
            assertThat(refused).as("token requests Entra refused").isGreaterThanOrEqualTo(5);
            // the first failure, then one line after the minute with the count of the rest (the minute's summary line
            // names it too)
            assertThat(about).hasSize(2);
            assertThat(about.get(0)).contains("WARN").contains("Fix: ");
            assertThat(about.get(1)).containsPattern("\\(\\d+ more like it since the last line\\)");
            assertThat(lines)
                    .as("no stack trace, no library line")
                    .noneMatch(l -> l.startsWith("\tat ")
                            || l.contains("JdkHttpClient")
                            || l.contains("msal4j")
                            || l.contains("IdentityClient")
                            || l.contains("ClientAssertionCredential")
                            || l.contains(" ERROR "));
            assertThat(lines).as("at most a handful of lines in the run").hasSizeLessThanOrEqualTo(8);
        } finally {
            standIns.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
