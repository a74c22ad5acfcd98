package io.azmonrw.webhook.mutation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Injection;
import java.util.List;

/** The JSON of the {@code azmon-rw.io/status} annotation: what was injected and by which version (no timestamp, so re-running gives the same bytes). */
public final class InjectionStatus {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InjectionStatus() {}

    public static String json(String version, boolean nativeSidecar) {
        return json(version, nativeSidecar, List.of(Injection.TOKEN_VOLUME, Injection.TMP_VOLUME));
    }

    /** @param volumes the names of the volumes injected with the proxy */
    public static String json(String version, boolean nativeSidecar, List<String> volumes) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("version", version);
        o.put("mode", nativeSidecar ? "native-sidecar" : "container");
        o.put("container", Injection.CONTAINER_NAME);
        ArrayNode v = o.putArray("volumes");
        volumes.forEach(v::add);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status annotation", e);
        }
    }
}
