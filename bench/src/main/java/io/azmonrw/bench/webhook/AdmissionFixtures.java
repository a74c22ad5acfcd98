package io.azmonrw.bench.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.admission.ClusterLookup;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AdmissionReviews for the webhook benchmarks: the kube-prometheus-stack Prometheus pod fixture, and the same pod
 * with 1,500 env vars (about 64 KiB of JSON); a config and a cluster lookup that need no API server.
 */
public final class AdmissionFixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String NAMESPACE = "monitoring";

  private AdmissionFixtures() {}

  /** The pod fixture, from BENCH_WEBHOOK_POD or the webhook module's test resources (run from the repo root). */
  public static ObjectNode kpsPod() {
    Path p = Path.of(System.getenv().getOrDefault("BENCH_WEBHOOK_POD", "webhook/src/test/resources/pods/kps-prometheus.json"));
    try {
      return (ObjectNode) JSON.readTree(Files.readString(p));
    } catch (IOException e) {
      throw new UncheckedIOException("pod fixture " + p.toAbsolutePath(), e);
    }
  }

  /** The kps pod with {@code envVars} more env vars on its first container. */
  public static ObjectNode largePod(int envVars) {
    ObjectNode pod = kpsPod();
    ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
    ArrayNode env = container.has("env") ? (ArrayNode) container.get("env") : container.putArray("env");
    for (int i = 0; i < envVars; i++) {
      env.addObject().put("name", String.format("E_%04d", i)).put("value", String.format("val%05d", i));
    }
    return pod;
  }

  /** An AdmissionReview v1 CREATE request for {@code pod}, as the API server sends it. */
  public static byte[] review(ObjectNode pod, String uid) {
    ObjectNode r = JSON.createObjectNode();
    r.put("apiVersion", "admission.k8s.io/v1");
    r.put("kind", "AdmissionReview");
    ObjectNode req = r.putObject("request");
    req.put("uid", uid);
    req.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    req.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    req.putObject("requestKind").put("group", "").put("version", "v1").put("kind", "Pod");
    req.putObject("requestResource").put("group", "").put("version", "v1").put("resource", "pods");
    req.put("namespace", NAMESPACE);
    req.put("operation", "CREATE");
    req.putObject("userInfo").put("username", "system:serviceaccount:kube-system:statefulset-controller");
    req.set("object", pod);
    req.putNull("oldObject");
    req.put("dryRun", false);
    req.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "CreateOptions");
    return r.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The webhook's config as a deployment would set it. */
  public static WebhookConfig config(String certFile, String keyFile) {
    Map<String, String> env = new HashMap<>();
    env.put("TLS_CERT_FILE", certFile);
    env.put("TLS_KEY_FILE", keyFile);
    env.put("INGESTION_URL", "https://dce-bench.westeurope-1.metrics.ingest.monitor.azure.com/dataCollectionRules/dcr-1/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24");
    env.put("PROXY_IMAGE", "registry.example/azmon-rw-proxy:0.1.0");
    env.put("DEFAULT_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47");
    env.put("SIDECAR_MODE", "container");
    env.put("POD_NAMESPACE", "azmon-rw-system");
    return WebhookConfig.fromEnv(env);
  }

  /** Every ServiceAccount carries a client id and every namespace exists, as an informer cache would answer. */
  public static ClusterLookup lookup() {
    return new ClusterLookup() {
      @Override
      public Future<Optional<Map<String, String>>> serviceAccountAnnotations(String namespace, String name) {
        return Future.succeededFuture(Optional.of(Map.of("azure.workload.identity/client-id", "0b5c8f0e-1d2a-4c3b-9e8f-7a6b5c4d3e2f")));
      }

      @Override
      public Future<Optional<ObjectMeta>> namespace(String name) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setLabels(Map.of("azmon-rw.io/injection", "enabled"));
        return Future.succeededFuture(Optional.of(meta));
      }

      @Override
      public boolean nativeSidecarsSupported() {
        return false;
      }
    };
  }
}
