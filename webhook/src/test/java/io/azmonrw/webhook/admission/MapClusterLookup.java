package io.azmonrw.webhook.admission;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** ClusterLookup over maps, with switches for failing and hanging lookups; public for bench (webhook test-jar). */
public final class MapClusterLookup implements ClusterLookup {
    final Map<String, Map<String, String>> serviceAccounts = new HashMap<>();
    final Map<String, ObjectMeta> namespaces = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    boolean fail;
    boolean hang;
    boolean nativeSupported;

    public MapClusterLookup serviceAccount(String namespace, String name, Map<String, String> annotations) {
        serviceAccounts.put(namespace + "/" + name, annotations);
        return this;
    }

    @Override
    public Future<Optional<Map<String, String>>> serviceAccountAnnotations(String namespace, String name) {
        calls.incrementAndGet();
        if (hang) {
            return Promise.<Optional<Map<String, String>>>promise().future();
        }
        if (fail) {
            return Future.failedFuture(new IllegalStateException("connection refused"));
        }
        return Future.succeededFuture(Optional.ofNullable(serviceAccounts.get(namespace + "/" + name)));
    }

    @Override
    public Future<Optional<ObjectMeta>> namespace(String name) {
        calls.incrementAndGet();
        if (hang) {
            return Promise.<Optional<ObjectMeta>>promise().future();
        }
        if (fail) {
            return Future.failedFuture(new IllegalStateException("connection refused"));
        }
        return Future.succeededFuture(Optional.ofNullable(namespaces.get(name)));
    }

    @Override
    public boolean nativeSidecarsSupported() {
        return nativeSupported;
    }
}
