package io.azmonrw.proxy.it;

import io.azmonrw.common.metrics.MetricsSetup;
import io.azmonrw.proxy.ProxyConfig;
import io.azmonrw.proxy.ProxyVerticle;
import io.azmonrw.proxy.auth.FetchedToken;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** One proxy verticle in this JVM on an ephemeral port, with its own Vert.x and registry. */
public final class ProxyHarness implements AutoCloseable {
    public final Vertx vertx;
    public final PrometheusMeterRegistry registry;
    public final ProxyVerticle verticle;
    public final int port;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public ProxyHarness(Map<String, String> env, Callable<FetchedToken> fetcher) throws Exception {
        this(env, fetcher, r -> MetricsSetup.vertx(r, new VertxOptions()));
    }

    /** As above, with the Vert.x that {@code vertxFor} builds around the harness's registry. */
    public ProxyHarness(
            Map<String, String> env, Callable<FetchedToken> fetcher, Function<PrometheusMeterRegistry, Vertx> vertxFor)
            throws Exception {
        Map<String, String> e = new HashMap<>();
        e.put("LISTENING_PORT", "0");
        e.put("LISTEN_ADDRESS", "127.0.0.1");
        e.putAll(env);
        ProxyConfig config = ProxyConfig.fromEnv(e);
        registry = MetricsSetup.registry(Map.of());
        vertx = vertxFor.apply(registry);
        verticle = new ProxyVerticle(config, registry, "test", fetcher);
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = verticle.actualPort();
    }

    /** A fake identity: tokens tok-1, tok-2, ... valid for an hour. */
    public static Callable<FetchedToken> counting(java.util.concurrent.atomic.AtomicInteger calls) {
        return () -> {
            int n = calls.incrementAndGet();
            long now = System.currentTimeMillis();
            return new FetchedToken("tok-" + n, now + 3_600_000, now);
        };
    }

    public static Map<String, String> insecure(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("INGESTION_URL", url);
        env.put("ALLOW_INSECURE_UPSTREAM", "true");
        env.put("IDENTITY_TYPE", "systemAssigned");
        env.put("SHUTDOWN_QUIET_PERIOD", "0s");
        return env;
    }

    public HttpResponse<String> write(byte[] body, String contentType, String encoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A write on a connection of its own (a pooled one may have been closed by IDLE_TIMEOUT meanwhile). */
    public HttpResponse<String> writeOnNewConnection(byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(req, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> write(byte[] body) throws Exception {
        return write(body, "application/x-protobuf", "snappy");
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line of /metrics, e.g. {@code azmon_rw_proxy_samples_total{result="forwarded"}}; 0 when absent. */
    public double metric(String nameAndLabels) {
        return sum(line -> line.startsWith(nameAndLabels + " "));
    }

    /** The sum over every series of one metric, whatever its labels, e.g. {@code vertx_http_server_requests_total}. */
    public double metricSum(String name) {
        return sum(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }

    private double sum(Predicate<String> sampleLine) {
        double sum = 0;
        for (String line : registry.scrape().split("\n")) {
            if (sampleLine.test(line)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
