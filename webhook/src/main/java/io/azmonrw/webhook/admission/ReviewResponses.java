package io.azmonrw.webhook.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Builds the AdmissionReview answer: same apiVersion, the request's uid, always allowed, a base64 JSONPatch when something changes. */
public final class ReviewResponses {
    private ReviewResponses() {}

    /** @param patch null or empty when nothing changes: then no patch and no patchType */
    public static JsonObject build(String apiVersion, String uid, ArrayNode patch, List<String> warnings) {
        JsonObject response = new JsonObject().put("uid", uid).put("allowed", true);
        if (patch != null && !patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put(
                    "patch", Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (!warnings.isEmpty()) {
            response.put("warnings", new JsonArray(List.copyOf(warnings)));
        }
        return new JsonObject()
                .put("apiVersion", apiVersion)
                .put("kind", "AdmissionReview")
                .put("response", response);
    }
}
