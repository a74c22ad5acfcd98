package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.testkit.SeriesKey;
import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian package) scrapes itself and remote-writes through the proxy (workload identity,
 * real azure-identity) to the ingestion stand-in: every (series, timestamp) Prometheus stored arrives.
 */
class RealPrometheusIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void everyScrapedSampleArrives() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(prometheus)) {
            throw new AssertionError("prometheus not found: apt-get install -y --no-install-recommends prometheus");
        }
        Vertx vertx = Vertx.vertx();
        try (StandIns standIns = StandIns.start(vertx, dir.resolve("standins"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS)) {
            Map<String, String> env = new HashMap<>(standIns.proxyEnv());
            env.put("SHUTDOWN_QUIET_PERIOD", "0s");
            try (ProxyHarness proxy = new ProxyHarness(env, null)) {
                int promPort = freePort();
                Path config = dir.resolve("prometheus.yml");
                Files.writeString(
                        config,
                        String.join(
                                "\n",
                                "global:",
                                "  scrape_interval: 1s",
                                "scrape_configs:",
                                "  - job_name: self",
                                "    static_configs:",
                                "      - targets: ['127.0.0.1:" + promPort + "']",
                                "remote_write:",
                                "  - url: http://127.0.0.1:" + proxy.port + "/api/v1/write",
                                "    queue_config:",
                                "      batch_send_deadline: 1s",
                                "      min_backoff: 100ms",
                                "      max_backoff: 1s",
                                ""));
                Process p = new ProcessBuilder(
                                prometheus.toString(),
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + promPort)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
                try {
                    String selector = "{job=\"self\",__name__=~\"up|scrape_duration_seconds|scrape_samples_scraped\"}";
                    // let it scrape a few times, then take what it stored as the expected set
                    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    List<String[]> expected = List.of();
                    while (System.nanoTime() < end) {
                        Thread.sleep(1000);
                        expected = stored(promPort, selector + "[5m]");
                        if (expected.size() >= 15) {
                            break;
                        }
                    }
                    assertThat(expected).as("samples stored by Prometheus").hasSizeGreaterThanOrEqualTo(15);
                    List<String[]> missing = expected;
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (System.nanoTime() < deadline) {
                        List<String[]> m = new ArrayList<>();
                        for (String[] e : expected) {
                            if (!standIns.ingestion().received().contains(e[0], Long.parseLong(e[1]))) {
                                m.add(e);
                            }
                        }
                        missing = m;
                        if (missing.isEmpty()) {
                            break;
                        }
                        Thread.sleep(500);
                    }
                    assertThat(missing)
                            .as("(series, timestamp) scraped but not received; duplicates received: "
                                    + standIns.ingestion().received().duplicates())
                            .isEmpty();
                } finally {
                    p.destroy();
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Every raw sample of a range-vector query, as {series key, timestamp in ms}. */
    private static List<String[]> stored(int port, String query) throws Exception {
        URI uri = URI.create(
                "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            r = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return List.of();
        }
        if (r.statusCode() != 200) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        JsonArray result = new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
        for (int i = 0; i < result.size(); i++) {
            JsonObject series = result.getJsonObject(i);
            Map<String, String> labels = new HashMap<>();
            series.getJsonObject("metric").forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
            String key = SeriesKey.of(labels);
            JsonArray values = series.getJsonArray("values");
            for (int j = 0; j < values.size(); j++) {
                double seconds =
                        Double.parseDouble(String.valueOf(values.getJsonArray(j).getValue(0)));
                out.add(new String[] {key, Long.toString(Math.round(seconds * 1000))});
            }
        }
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
