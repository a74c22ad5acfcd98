package io.azmonrw.bench.jmh;

import io.azmonrw.bench.webhook.WebhookServerMain;
import io.azmonrw.webhook.admission.AdmissionResult;
import io.azmonrw.webhook.admission.AdmissionService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The webhook's mutation + JSON Patch path (parse, select, mutate, diff, answer), in process, no HTTP. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookBench {

    @Param({"kps", "large"})
    public String pod;

    private Vertx vertx;
    private AdmissionService service;
    private Buffer body;

    @Setup
    public void setup() {
        vertx = Vertx.vertx();
        service = WebhookServerMain.service(vertx);
        body = Buffer.buffer(WebhookServerMain.review(pod, "jmh"));
    }

    @TearDown
    public void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Benchmark
    public AdmissionResult review() {
        return service.review(body).toCompletionStage().toCompletableFuture().join();
    }
}
