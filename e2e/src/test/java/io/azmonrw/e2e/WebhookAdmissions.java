package io.azmonrw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.azmonrw.testkit.StandIns;
import io.azmonrw.webhook.TestPods;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/** AdmissionReviews sent to a running webhook's /mutate over TLS, as the API server sends them, and the pods they carry. */
record WebhookAdmissions(int webhookPort, SSLContext ssl, String ingestionUrl) {

    /** The kube-prometheus-stack Prometheus pod of the demo, with its identity in annotations or not, selected or not. */
    String kpsPod(boolean prometheus, boolean identityInAnnotations) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode pod;
        try (InputStream in = WebhookAdmissions.class.getResourceAsStream("/demo/kps-prometheus-pod.yaml")) {
            pod = (ObjectNode) yaml.readTree(in);
        }
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        if (!prometheus) {
            ((ObjectNode) meta.get("labels")).put("app.kubernetes.io/name", "alertmanager");
        }
        if (identityInAnnotations) {
            ObjectNode ann = (ObjectNode) meta.get("annotations");
            ann.put("azmon-rw.io/client-id", StandIns.CLIENT_ID);
            ann.put("azmon-rw.io/tenant-id", StandIns.TENANT_ID);
            ann.put("azmon-rw.io/ingestion-url", ingestionUrl);
        }
        return new ObjectMapper().writeValueAsString(pod);
    }

    /** The AdmissionReview answer (HTTP 200 required) to the CREATE of {@code podJson} in {@code namespace}. */
    String admit(String namespace, String podJson) throws Exception {
        String review = TestPods.review(
                        "admission.k8s.io/v1",
                        UUID.randomUUID().toString(),
                        namespace,
                        "CREATE",
                        TestPods.JSON.readTree(podJson),
                        false)
                .toString();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + webhookPort + "/mutate"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(review, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
