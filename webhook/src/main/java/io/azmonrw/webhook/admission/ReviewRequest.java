package io.azmonrw.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.azmonrw.common.http.HttpError;

/**
 * The parts of an AdmissionReview request the webhook reads; {@link #parse} rejects malformed input with an
 * {@link HttpError} 400 and a one-line reason, so the API server applies the failurePolicy.
 */
public record ReviewRequest(String apiVersion, String uid, String operation, String kindGroup, String kind,
                            String resource, String subResource, String namespace, boolean dryRun, JsonNode object) {

    public static final String V1 = "admission.k8s.io/v1";
    public static final String V1BETA1 = "admission.k8s.io/v1beta1";

    // Jackson's default stream read constraints (nesting depth, string length) bound hostile input
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** @throws HttpError 400 on non-JSON, a wrong apiVersion or kind, a missing request or uid */
    public static ReviewRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (Exception e) {
            throw bad("body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad("body is not a JSON object");
        }
        String apiVersion = text(root, "apiVersion");
        if (!V1.equals(apiVersion) && !V1BETA1.equals(apiVersion)) {
            throw bad("apiVersion must be " + V1 + " or " + V1BETA1 + ", got " + quote(apiVersion));
        }
        String kind = text(root, "kind");
        if (!"AdmissionReview".equals(kind)) {
            throw bad("kind must be AdmissionReview, got " + quote(kind));
        }
        JsonNode req = root.get("request");
        if (req == null || !req.isObject()) {
            throw bad("AdmissionReview has no request");
        }
        String uid = text(req, "uid");
        if (uid == null || uid.isBlank()) {
            throw bad("AdmissionReview request has no uid");
        }
        JsonNode k = req.path("kind");
        JsonNode r = req.path("resource");
        JsonNode obj = req.get("object");
        return new ReviewRequest(apiVersion, uid, text(req, "operation"), k.path("group").asText(""), k.path("kind").asText(""),
                r.path("resource").asText(""), text(req, "subResource"), text(req, "namespace"),
                req.path("dryRun").asBoolean(false), obj == null || obj.isNull() ? null : obj);
    }

    /** Whether this is the CREATE of a pod itself (not a subresource such as pods/ephemeralcontainers). */
    public boolean isPodCreate() {
        return "CREATE".equals(operation) && kindGroup.isEmpty() && "Pod".equals(kind) && "pods".equals(resource)
                && (subResource == null || subResource.isEmpty());
    }

    static HttpError bad(String reason) {
        return new HttpError(400, "bad_admission_review", reason);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String quote(String s) {
        if (s == null) {
            return "nothing";
        }
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + t.replaceAll("[\\r\\n\\t]", " ") + "'";
    }
}
