package io.azmonrw.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.metrics.MetricsSetup;
import io.azmonrw.common.testing.Promtool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagementRoutesIT {
    private PrometheusMeterRegistry registry;
    private Vertx vertx;
    private HttpServer server;
    private WebClient client;
    private final Readiness readiness = new Readiness();
    private final AtomicBoolean cachesSynced = new AtomicBoolean(false);

    @BeforeEach
    void start() throws Exception {
        registry = MetricsSetup.registry(Map.of("cluster", "test"));
        vertx = MetricsSetup.vertx(registry, new VertxOptions());
        readiness.register(
                "caches",
                () -> cachesSynced.get() ? Readiness.Result.up("synced") : Readiness.Result.down("not synced yet"));
        readiness.registerInformational("token", () -> Readiness.Result.down("token endpoint unreachable"));
        Router router = Router.router(vertx);
        Routes.management(router, "/health", "/ready", readiness, registry);
        router.get("/boom").handler(ctx -> {
            throw new IllegalStateException("unexpected");
        });
        router.get("/typed")
                .handler(ctx -> ctx.fail(new HttpError(
                        503, "token_unavailable", "no token: AADSTS700016", Map.of("Retry-After", "7"), null)));
        router.get("/twice").handler(ctx -> {
            assertThat(Responses.send(ctx, 200, new JsonObject().put("first", true)))
                    .isTrue();
            assertThat(Responses.error(ctx, 500, "late", "too late")).isFalse();
        });
        Routes.errors(router);
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void healthAnswersUp() throws Exception {
        HttpResponse<Buffer> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    }

    @Test
    void readinessFlipsWithARegisteredCheckAndListsEveryCheck() throws Exception {
        HttpResponse<Buffer> before = get("/ready");
        assertThat(before.statusCode()).isEqualTo(503);
        JsonObject body = before.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("DOWN");
        assertThat(body.getJsonArray("checks")).hasSize(2);

        cachesSynced.set(true);
        HttpResponse<Buffer> after = get("/ready");
        assertThat(after.statusCode()).isEqualTo(200);
        JsonObject afterBody = after.bodyAsJsonObject();
        assertThat(afterBody.getString("status")).isEqualTo("UP");
        // the informational token check stays DOWN in the body without making the service unready
        JsonObject token = afterBody.getJsonArray("checks").getJsonObject(1);
        assertThat(token.getString("name")).isEqualTo("token");
        assertThat(token.getString("status")).isEqualTo("DOWN");
        assertThat(token.getString("detail")).isEqualTo("token endpoint unreachable");
    }

    @Test
    void metricsAreAcceptedByPromtoolAndIncludeJvmProcessAndHttpServerMetrics() throws Exception {
        Counter.builder("azmon_rw_test_events")
                .description("events seen by the test")
                .register(registry)
                .increment(3);
        get("/health");
        HttpResponse<Buffer> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        String text = r.bodyAsString();
        assertThat(text)
                .contains(
                        "jvm_memory_used_bytes",
                        "process_cpu_usage",
                        "process_uptime_seconds",
                        "vertx_http_server_requests_total",
                        "azmon_rw_test_events_total{cluster=\"test\"} 3.0");
        Promtool.Result check = Promtool.checkMetrics(text);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void typedErrorsMapToTheirStatusWithHeadersAndTheOneBodyShape() throws Exception {
        HttpResponse<Buffer> r = get("/typed");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("7");
        assertThat(r.bodyAsJsonObject().getMap())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("status", 503, "error", "token_unavailable", "message", "no token: AADSTS700016"));
    }

    @Test
    void unexpectedExceptionsBecomeA500WithoutInternals() throws Exception {
        HttpResponse<Buffer> r = get("/boom");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.bodyAsJsonObject().getString("message")).isEqualTo("internal error");
    }

    @Test
    void unknownRoutesAndMethodsGet404And405InTheSameShape() throws Exception {
        HttpResponse<Buffer> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
        HttpResponse<Buffer> wrongMethod = client.request(
                        HttpMethod.DELETE, server.actualPort(), "127.0.0.1", "/health")
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
    }

    @Test
    void sendNeverWritesTwice() throws Exception {
        HttpResponse<Buffer> r = get("/twice");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getBoolean("first")).isTrue();
    }
}
