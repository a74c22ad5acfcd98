package io.azmonrw.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Loads the pod fixtures (shaped as the API server sends them) and wraps them in AdmissionReviews. */
public final class TestPods {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String NAMESPACE = "monitoring";
    public static final String CLIENT_ID = "0b5c8f0e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
    public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String INGESTION_URL =
            "https://dce-test.westeurope-1.metrics.ingest.monitor.example/dataCollectionRules/dcr-1/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24";

    private TestPods() {}

    public static ObjectNode pod(String fixture) {
        try (InputStream in = TestPods.class.getResourceAsStream("/pods/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode review(String apiVersion, String uid, String operation, JsonNode object, boolean dryRun) {
        return review(apiVersion, uid, NAMESPACE, operation, object, dryRun);
    }

    /** An AdmissionReview for a pod as the API server sends it (the statefulset controller's request). */
    public static ObjectNode review(
            String apiVersion, String uid, String namespace, String operation, JsonNode object, boolean dryRun) {
        ObjectNode r = JSON.createObjectNode();
        r.put("apiVersion", apiVersion);
        r.put("kind", "AdmissionReview");
        ObjectNode req = r.putObject("request");
        req.put("uid", uid);
        req.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        req.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        req.putObject("requestKind").put("group", "").put("version", "v1").put("kind", "Pod");
        req.putObject("requestResource").put("group", "").put("version", "v1").put("resource", "pods");
        req.put("namespace", namespace);
        req.put("operation", operation);
        req.putObject("userInfo").put("username", "system:serviceaccount:kube-system:statefulset-controller");
        req.set("object", object);
        req.putNull("oldObject");
        req.put("dryRun", dryRun);
        req.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "CreateOptions");
        return r;
    }

    public static Buffer body(JsonNode review) {
        return Buffer.buffer(review.toString());
    }

    /** A config as the deployment would set it, with TLS files that exist. */
    public static WebhookConfig config(Map<String, String> extra) {
        try {
            Path dir = Files.createTempDirectory("azmon-rw-cfg");
            Path cert = Files.writeString(dir.resolve("tls.crt"), "cert");
            Path key = Files.writeString(dir.resolve("tls.key"), "key");
            Map<String, String> env = new HashMap<>();
            env.put("TLS_CERT_FILE", cert.toString());
            env.put("TLS_KEY_FILE", key.toString());
            env.put("INGESTION_URL", INGESTION_URL);
            env.put("PROXY_IMAGE", "registry.example/azmon-rw-proxy:1.2.3");
            env.put("DEFAULT_TENANT_ID", TENANT_ID);
            env.put("SIDECAR_MODE", "container");
            env.put("POD_NAMESPACE", "azmon-rw-system");
            env.putAll(extra);
            return WebhookConfig.fromEnv(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
