package io.azmonrw.e2e;

import io.azmonrw.common.Contract.ProxyEnv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The proxy as users run it: {@code java -jar azmon-rw-proxy.jar} configured by env, on a fixed loopback port. */
public final class ProxyProcess {
    private final ChildProcess process;
    private final int port;

    /** {@code env} is the identity and ingestion env (e.g. {@code StandIns.proxyEnv()}); the port is added here. */
    public ProxyProcess(Path jar, Map<String, String> env, int port, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "proxy jar missing: " + jar + " (build it: mvn -pl proxy -am package -DskipTests)");
        }
        Map<String, String> all = new HashMap<>(env);
        all.put(ProxyEnv.LISTENING_PORT, Integer.toString(port));
        all.put(ProxyEnv.LISTEN_ADDRESS, "127.0.0.1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.process = new ChildProcess(
                "proxy",
                ChildProcess.detached(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())),
                all,
                log);
        this.port = port;
    }

    /** {@code <root>/proxy/target/azmon-rw-proxy.jar}. */
    public static Path defaultJar(Path root) {
        return root.resolve("proxy/target/azmon-rw-proxy.jar");
    }

    public void start() {
        process.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String writeUrl() {
        return baseUrl() + "/api/v1/write";
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Waits until {@code /ready} answers 200 and, if {@code withToken}, its token check is UP. */
    public void awaitReady(Duration timeout, boolean withToken) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String body = LocalHttp.getOrNull(baseUrl() + "/ready");
            if (body != null && (!withToken || tokenUp(body))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("proxy exited; see " + process.log());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("proxy not ready after " + timeout + "; see " + process.log());
    }

    private static boolean tokenUp(String body) {
        try {
            JsonArray checks = new JsonObject(body).getJsonArray("checks");
            for (int i = 0; checks != null && i < checks.size(); i++) {
                JsonObject c = checks.getJsonObject(i);
                if ("token".equals(c.getString("name"))) {
                    return "UP".equals(c.getString("status"));
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The proxy's /metrics, or null when it is down. */
    public MetricsText metricsOrNull() {
        String text = LocalHttp.getOrNull(baseUrl() + "/metrics");
        return text == null ? null : MetricsText.parse(text);
    }

    public void kill() {
        process.kill();
    }

    public int stop() {
        return process.stop(40);
    }
}
