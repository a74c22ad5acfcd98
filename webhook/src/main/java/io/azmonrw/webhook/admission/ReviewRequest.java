package io.azmonrw.webhook.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.http.HttpError;

/**
 * The parts of an AdmissionReview request the webhook reads; {@link #parse} rejects malformed input with an
 * {@link HttpError} 400 and a one-line reason, so the API server applies the failurePolicy.
 */
public record ReviewRequest(
        String apiVersion,
        String uid,
        String operation,
        String kindGroup,
        String kind,
        String resource,
        String subResource,
        String namespace,
        boolean dryRun,
        ReviewObject object) {

    public static final String V1 = "admission.k8s.io/v1";
    public static final String V1BETA1 = "admission.k8s.io/v1beta1";

    // Jackson's default stream read constraints (nesting depth, string length) bound hostile input
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /**
     * {@code request.object} as the span of the body it occupies, bound to a Pod only once the review is known to
     * inject: the pod (most of the review, and all of a pod with thousands of env vars) is neither built as a JSON
     * tree nor copied, which kept a large review's garbage, and with it the collector's pauses, several times bigger.
     *
     * @param isObject whether the value is a JSON object (else the review is refused)
     * @param kind its top-level {@code kind} when that is a string, else null
     */
    public record ReviewObject(byte[] body, int offset, int length, boolean isObject, String kind) {}

    /** @throws HttpError 400 on non-JSON, a wrong apiVersion or kind, a missing request or uid */
    public static ReviewRequest parse(byte[] body) {
        return parse(body, 0, body.length);
    }

    /** The same over {@code length} bytes of {@code body} from {@code offset} (a request buffer read in place). */
    public static ReviewRequest parse(byte[] body, int offset, int length) {
        ObjectNode root;
        ObjectNode req = null;
        ReviewObject obj = null;
        try (JsonParser p = MAPPER.createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                // not an object: the tree decides between "not JSON" and "not a JSON object" as it always did
                JsonNode any = MAPPER.readTree(body, offset, length);
                throw bad(
                        any == null || any.isMissingNode() || !any.isObject()
                                ? "body is not a JSON object"
                                : "body is not JSON");
            }
            root = MAPPER.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("request") && t == JsonToken.START_OBJECT) {
                    req = MAPPER.createObjectNode();
                    obj = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("object")) {
                            obj = object(p, body, offset, v);
                        } else if (field.equals("oldObject")) {
                            // never read, and as big as the object on an UPDATE
                            p.skipChildren();
                        } else {
                            req.set(field, MAPPER.readTree(p));
                        }
                    }
                    root.set(name, req);
                } else {
                    if (name.equals("request")) {
                        req = null;
                        obj = null;
                    }
                    root.set(name, MAPPER.readTree(p));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw bad("body is not JSON");
            }
        } catch (HttpError e) {
            throw e;
        } catch (Exception e) {
            throw bad("body is not JSON");
        }
        String apiVersion = text(root, "apiVersion");
        if (!V1.equals(apiVersion) && !V1BETA1.equals(apiVersion)) {
            throw bad("apiVersion must be " + V1 + " or " + V1BETA1 + ", got " + quote(apiVersion));
        }
        String kind = text(root, "kind");
        if (!"AdmissionReview".equals(kind)) {
            throw bad("kind must be AdmissionReview, got " + quote(kind));
        }
        if (req == null) {
            throw bad("AdmissionReview has no request");
        }
        String uid = text(req, "uid");
        if (uid == null || uid.isBlank()) {
            throw bad("AdmissionReview request has no uid");
        }
        JsonNode k = req.path("kind");
        JsonNode r = req.path("resource");
        return new ReviewRequest(
                apiVersion,
                uid,
                text(req, "operation"),
                k.path("group").asText(""),
                k.path("kind").asText(""),
                r.path("resource").asText(""),
                text(req, "subResource"),
                text(req, "namespace"),
                req.path("dryRun").asBoolean(false),
                obj);
    }

    /** The value the parser is at, as a span of {@code body}; null for JSON null. Reads only its top-level kind. */
    private static ReviewObject object(JsonParser p, byte[] body, int offset, JsonToken t) throws java.io.IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new ReviewObject(body, 0, 0, false, null);
        }
        // Jackson counts byte offsets from where the parsed range starts
        int start = offset + (int) p.currentTokenLocation().getByteOffset();
        String kind = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean isKind = p.currentName().equals("kind");
            JsonToken v = p.nextToken();
            if (isKind) {
                kind = v == JsonToken.VALUE_STRING ? p.getText() : null;
            } else {
                p.skipChildren();
            }
        }
        // the location of the closing brace, which ends the span
        int end = offset + (int) p.currentTokenLocation().getByteOffset() + 1;
        if (body[start] != '{' || body[end - 1] != '}') {
            throw new IllegalStateException("request.object span [" + start + ", " + end + ") does not hold an object");
        }
        return new ReviewObject(body, start, end - start, true, kind);
    }

    /** Whether this is the CREATE of a pod itself (not a subresource such as pods/ephemeralcontainers). */
    public boolean isPodCreate() {
        return "CREATE".equals(operation)
                && kindGroup.isEmpty()
                && "Pod".equals(kind)
                && "pods".equals(resource)
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
