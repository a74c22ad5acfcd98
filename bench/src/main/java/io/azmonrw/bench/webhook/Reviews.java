package io.azmonrw.bench.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.admission.AdmissionEvents;
import io.azmonrw.webhook.admission.AdmissionService;
import io.azmonrw.webhook.admission.MapClusterLookup;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The webhook benchmarks' input, from the webhook's test fixtures (its test-jar): AdmissionReviews of the
 * kube-prometheus-stack Prometheus pod ("kps") and of the same pod with 1,500 more env vars ("large", about 64 KiB),
 * and an AdmissionService whose ServiceAccount lookup answers from memory, as the informer cache would.
 */
public final class Reviews {

  private Reviews() {}

  public static byte[] review(String pod, String uid) {
    ObjectNode p = TestPods.pod("kps-prometheus.json");
    if (pod.equals("large")) {
      ArrayNode env = ((ObjectNode) p.path("spec").path("containers").get(0)).withArrayProperty("env");
      for (int i = 0; i < 1500; i++) {
        env.addObject().put("name", String.format("E_%04d", i)).put("value", String.format("val%05d", i));
      }
    }
    return TestPods.review("admission.k8s.io/v1", uid, "CREATE", p, false).toString().getBytes(StandardCharsets.UTF_8);
  }

  public static AdmissionService service(Vertx vertx) {
    MapClusterLookup lookup = new MapClusterLookup().serviceAccount(TestPods.NAMESPACE, "kube-prometheus-stack-prometheus",
        Map.of("azure.workload.identity/client-id", TestPods.CLIENT_ID));
    return new AdmissionService(vertx, TestPods.config(Map.of()), lookup, AdmissionEvents.none());
  }
}
