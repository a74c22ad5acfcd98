package io.azmonrw.e2e;

import io.azmonrw.common.testing.Executables;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The real Prometheus (Debian package), on 127.0.0.1 and an ephemeral port, with its TSDB in a work directory. */
public final class PrometheusProcess {
    private final ChildProcess process;
    private final int port;

    private PrometheusProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The prometheus binary (common's {@link Executables}), or an IllegalStateException saying how to install it. */
    public static Path binary() {
        return Executables.prometheus("prometheus");
    }

    /** Writes the config into {@code dir} and starts Prometheus on {@code port}. */
    public static PrometheusProcess start(Path dir, String configYaml, int port) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, configYaml, StandardCharsets.UTF_8);
            ChildProcess p = new ChildProcess(
                    "prometheus",
                    ChildProcess.detached(List.of(
                            binary().toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--storage.tsdb.retention.time=2h",
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=info")),
                    Map.of(),
                    dir.resolve("prometheus.log"));
            p.start();
            return new PrometheusProcess(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Waits for {@code /-/ready}; throws with the log's path when it does not come. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (LocalHttp.getOrNull(baseUrl() + "/-/ready") != null) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited; see " + process.log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready after " + timeout + "; see " + process.log());
    }

    /** Prometheus' own metrics (remote storage counters), read from its /metrics. */
    public RemoteWriteCounters remoteWrite() {
        return RemoteWriteCounters.of(MetricsText.parse(LocalHttp.get(baseUrl() + "/metrics")));
    }

    /** An instant query at {@code timeMs}; returns data.result. */
    public JsonArray query(String promql, long timeMs) {
        String url = baseUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%.3f", timeMs / 1000.0);
        JsonObject r = new JsonObject(LocalHttp.get(url));
        if (!"success".equals(r.getString("status"))) {
            throw new IllegalStateException("query failed: " + r.encode());
        }
        return r.getJsonObject("data").getJsonArray("result");
    }

    public int stop() {
        return process.stop(30);
    }
}
