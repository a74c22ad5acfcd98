package io.azmonrw.bench.jmh;

import io.azmonrw.bench.webhook.AdmissionFixtures;
import io.azmonrw.webhook.admission.AdmissionEvents;
import io.azmonrw.webhook.admission.AdmissionResult;
import io.azmonrw.webhook.admission.AdmissionService;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The webhook's mutation + JSON Patch path (parse, select, mutate, diff, answer), in process, no HTTP. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookBench {

  @Param({"kps", "large"})
  public String pod;

  private AdmissionService service;
  private Buffer body;

  @Setup
  public void setup() throws IOException {
    Path dir = Files.createTempDirectory("bench-wh");
    // the config only checks that the TLS files exist; the in-process path never reads them
    String cert = Files.writeString(dir.resolve("tls.crt"), "x").toString();
    String key = Files.writeString(dir.resolve("tls.key"), "x").toString();
    service = new AdmissionService(AdmissionFixtures.config(cert, key), AdmissionFixtures.lookup(), AdmissionEvents.none());
    body = Buffer.buffer(AdmissionFixtures.review(pod.equals("kps") ? AdmissionFixtures.kpsPod() : AdmissionFixtures.largePod(1500), "jmh"));
  }

  @Benchmark
  public AdmissionResult review() {
    return service.review(body).toCompletionStage().toCompletableFuture().join();
  }
}
