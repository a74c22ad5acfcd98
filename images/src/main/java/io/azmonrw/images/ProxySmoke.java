package io.azmonrw.images;

import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.testkit.SeriesKey;
import io.azmonrw.testkit.StandIns;
import io.azmonrw.testkit.prompb.Remote;
import io.azmonrw.testkit.prompb.Types;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.xerial.snappy.Snappy;

/**
 * The proxy image against the Entra and ingestion stand-ins (TLS from a test CA with an EC key): it must become
 * ready, take a token, forward a remote write whose samples all arrive, and exit 0 on SIGTERM.
 */
final class ProxySmoke {

    static final String SERIES_NAME = "azmon_rw_image_check";
    static final int SAMPLES = 3;

    private final Smoke smoke;
    private final Sandbox sandbox;
    private final Vertx vertx;

    ProxySmoke(Smoke smoke, Sandbox sandbox, Vertx vertx) {
        this.smoke = smoke;
        this.sandbox = sandbox;
        this.vertx = vertx;
    }

    Smoke.Outcome run(Smoke.Target target, String javaToolOptions) throws IOException, InterruptedException {
        Path tmp = sandbox.newTmp();
        StandIns standIns;
        try {
            standIns = StandIns.start(vertx, tmp.resolve("standins"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the stand-ins did not start: " + e.getMessage(), e);
        }
        try (standIns) {
            Sandbox.shareReadOnly(tmp);
            int port = Sandbox.freePort();
            // the stand-ins' files are under the sandbox's /tmp
            Map<String, String> env = new HashMap<>(standIns.proxyEnv());
            env.put(ProxyEnv.AZURE_FEDERATED_TOKEN_FILE, "/tmp/" + tmp.relativize(standIns.federatedTokenFile()));
            env.put(
                    ProxyEnv.CA_BUNDLE_FILE,
                    "/tmp/" + tmp.relativize(standIns.ca().caPem()));
            env.put(ProxyEnv.LISTENING_PORT, Integer.toString(port));
            env.put(ProxyEnv.LISTEN_ADDRESS, "127.0.0.1");
            env.put(ProxyEnv.SHUTDOWN_QUIET_PERIOD, "0s");
            env.put(ProxyEnv.SHUTDOWN_GRACE, "5s");
            if (javaToolOptions != null) {
                env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
            }
            String base = "http://127.0.0.1:" + port;
            return smoke.serve(target, tmp, env, port, Set.of("/tmp/standins"), (p, http, log) -> {
                long now = System.currentTimeMillis();
                int status = write(http, URI.create(base + "/api/v1/write"), now, p, log);
                String key = SeriesKey.of(Map.of("__name__", SERIES_NAME, "check", "image"));
                for (int i = 0; i < SAMPLES; i++) {
                    if (!standIns.ingestion().received().contains(key, now - i * 1000L)) {
                        throw Sandbox.failure(
                                "the write was answered " + status + " but sample " + i + " of " + key
                                        + " never reached the ingestion stand-in",
                                log);
                    }
                }
                return "/health and /ready 200, a token from the Entra stand-in, " + SAMPLES
                        + " samples forwarded over TLS and all received";
            });
        }
    }

    /** One remote write 1.0 body (hand-built: one series, SAMPLES samples); retried while the proxy says 503 (no token yet). */
    private int write(HttpClient http, URI url, long now, Process p, Path log)
            throws IOException, InterruptedException {
        Types.TimeSeries.Builder ts = Types.TimeSeries.newBuilder()
                .addLabels(Types.Label.newBuilder().setName("__name__").setValue(SERIES_NAME))
                .addLabels(Types.Label.newBuilder().setName("check").setValue("image"));
        for (int i = SAMPLES - 1; i >= 0; i--) {
            ts.addSamples(
                    Types.Sample.newBuilder().setTimestamp(now - i * 1000L).setValue(i));
        }
        byte[] body = Snappy.compress(
                Remote.WriteRequest.newBuilder().addTimeseries(ts).build().toByteArray());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(sandbox.emulated() ? Duration.ofSeconds(120) : Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", "azmon-rw-image-check")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long deadline = System.nanoTime() + sandbox.timeout().toNanos();
        int status = -1;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (java.net.http.HttpConnectTimeoutException e) {
                // a loaded machine (or qemu) can be slow to accept even on loopback: try again until the deadline
                continue;
            }
            if (status / 100 == 2) {
                return status;
            }
            if (status != 503) {
                break;
            }
            Thread.sleep(250);
        }
        throw Sandbox.failure("the proxy answered the remote write with " + status, log);
    }
}
