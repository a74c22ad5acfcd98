package io.azmonrw.webhook.admission;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/** What admission needs from the cluster; implemented with fabric8 informers by the server, with maps in tests. */
public interface ClusterLookup {
    /** Annotations of the ServiceAccount; empty when it does not exist. The future fails on an API error or timeout. */
    Future<Optional<Map<String, String>>> serviceAccountAnnotations(String namespace, String name);

    /** Labels and annotations of the Namespace; empty when it does not exist. Fails on an API error or timeout. */
    Future<Optional<ObjectMeta>> namespace(String name);

    /** Whether native sidecars (restartPolicy Always init containers) may be used now (SIDECAR_MODE=auto detection). */
    boolean nativeSidecarsSupported();
}
