package io.azmonrw.webhook.mutation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Injection;

/** The JSON of the {@code azmon-rw.io/status} annotation: what was injected and by which version (no timestamp, so re-running gives the same bytes). */
public final class InjectionStatus {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InjectionStatus() {}

    public static String json(String version, boolean nativeSidecar) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("version", version);
        o.put("mode", nativeSidecar ? "native-sidecar" : "container");
        o.put("container", Injection.CONTAINER_NAME);
        o.putArray("volumes").add(Injection.TOKEN_VOLUME).add(Injection.TMP_VOLUME);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status annotation", e);
        }
    }
}
