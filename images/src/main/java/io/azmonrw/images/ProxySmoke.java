package io.azmonrw.images;

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
import java.util.List;
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

    private final Sandbox sandbox;
    private final Vertx vertx;
    private final Path workDir;

    ProxySmoke(Sandbox sandbox, Vertx vertx, Path workDir) {
        this.sandbox = sandbox;
        this.vertx = vertx;
        this.workDir = workDir;
    }

    Smoke.Outcome run(Path rootfs, List<String> entrypoint, List<String> imageEnv, String javaToolOptions)
            throws IOException, InterruptedException {
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
            Map<String, String> env = new HashMap<>();
            env.put("LISTENING_PORT", Integer.toString(port));
            env.put("LISTEN_ADDRESS", "127.0.0.1");
            env.put("INGESTION_URL", standIns.ingestion().ingestionUrl(StandIns.DCR_ID));
            env.put("IDENTITY_TYPE", "workloadIdentity");
            env.put("AZURE_AUTHORITY_HOST", standIns.entra().authorityHost());
            env.put("AZURE_TENANT_ID", StandIns.TENANT_ID);
            env.put("AZURE_CLIENT_ID", StandIns.CLIENT_ID);
            env.put("AZURE_FEDERATED_TOKEN_FILE", "/tmp/" + tmp.relativize(standIns.federatedTokenFile()));
            env.put("CA_BUNDLE_FILE", "/tmp/" + tmp.relativize(standIns.ca().caPem()));
            env.put("SHUTDOWN_QUIET_PERIOD", "0s");
            env.put("SHUTDOWN_GRACE", "5s");
            if (javaToolOptions != null) {
                env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
            }
            Path log = workDir.resolve(tmp.getFileName() + ".log");
            long t0 = System.nanoTime();
            Process p = sandbox.start(rootfs, tmp, entrypoint, imageEnv, env, log);
            try {
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                String base = "http://127.0.0.1:" + port;
                Duration startup =
                        Smoke.awaitOk(p, http, URI.create(base + "/health"), t0, sandbox.timeout(), log, "proxy");
                Smoke.awaitOk(p, http, URI.create(base + "/ready"), t0, sandbox.timeout(), log, "proxy");
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
                Smoke.stopCleanly(p, sandbox, log, "proxy");
                return new Smoke.Outcome(
                        startup,
                        Sandbox.written(tmp, Set.of("/tmp/standins")),
                        tmp,
                        "/health and /ready 200, a token from the Entra stand-in, " + SAMPLES
                                + " samples forwarded over TLS and all received, exit 0 on SIGTERM");
            } finally {
                Sandbox.kill(p);
            }
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
