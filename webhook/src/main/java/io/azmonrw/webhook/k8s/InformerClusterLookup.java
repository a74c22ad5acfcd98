package io.azmonrw.webhook.k8s;

import io.azmonrw.webhook.admission.ClusterLookup;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServiceAccount and Namespace lookups from informer caches (all namespaces: the SA of a pod in a
 * newly labelled namespace must be there at once; ServiceAccounts are small), with a direct GET when
 * the cache misses (an SA created together with its StatefulSet may not have reached the cache yet)
 * or is not synced. Every API call is bounded by API_TIMEOUT and runs on the worker pool.
 */
public final class InformerClusterLookup implements ClusterLookup, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InformerClusterLookup.class);
    private static final String LOOKUPS_HELP =
            "ServiceAccount and Namespace lookups, by kind and source (cache, api, absent, error)";

    private final KubernetesClient client;
    private final BoundedApi api;
    private final WebhookMetrics metrics;
    private final BooleanSupplier nativeSidecars;
    private volatile SharedIndexInformer<ServiceAccount> serviceAccounts;
    private volatile SharedIndexInformer<Namespace> namespaces;

    public InformerClusterLookup(
            KubernetesClient client, BoundedApi api, WebhookMetrics metrics, BooleanSupplier nativeSidecars) {
        this.client = client;
        this.api = api;
        this.metrics = metrics;
        this.nativeSidecars = nativeSidecars;
        metrics.gauge(
                "informers_synced",
                "1 when the ServiceAccount and Namespace caches are synced",
                () -> synced() ? 1 : 0);
    }

    /**
     * Starts both informers; returns once they are running, not synced (an unreachable API server
     * keeps them retrying in the background and {@link #synced()} false).
     */
    public Future<Void> start() {
        return api.background(
                () -> {
                    serviceAccounts = startInformer(
                            client.serviceAccounts().inAnyNamespace().runnableInformer(0), "ServiceAccount");
                    namespaces = startInformer(client.namespaces().runnableInformer(0), "Namespace");
                    return null;
                },
                Duration.ofSeconds(30));
    }

    /** Starts an informer that retries whatever the error, logging the first one in one line (the pod informers use it too). */
    public static <T extends HasMetadata> SharedIndexInformer<T> startInformer(
            SharedIndexInformer<T> informer, String kind) {
        return startInformer(informer, kind, "/readyz stays 503 until synced");
    }

    /** @param meanwhile what the user sees until the cache syncs, for the log line */
    public static <T extends HasMetadata> SharedIndexInformer<T> startInformer(
            SharedIndexInformer<T> informer, String kind, String meanwhile) {
        // keep retrying whatever the error (RBAC not yet bound, API server restarting): readiness shows it meanwhile
        boolean[] logged = {false};
        informer.exceptionHandler((started, t) -> {
            // fabric8's Reflector logs every retry with a stack trace; one line of ours says what readiness will show
            if (!logged[0]) {
                logged[0] = true;
                LOG.warn(
                        "{} informer cannot list/watch yet: {} (retrying; {})",
                        kind,
                        String.valueOf(t.getMessage()),
                        meanwhile);
            }
            return true;
        });
        informer.start().whenComplete((ok, e) -> {
            if (e == null) {
                LOG.info("{} cache synced", kind);
            }
        });
        return informer;
    }

    /** True when both caches have completed their initial list. */
    public boolean synced() {
        SharedIndexInformer<ServiceAccount> sa = serviceAccounts;
        SharedIndexInformer<Namespace> ns = namespaces;
        return sa != null && ns != null && sa.hasSynced() && ns.hasSynced();
    }

    @Override
    public Future<Optional<Map<String, String>>> serviceAccountAnnotations(String namespace, String name) {
        SharedIndexInformer<ServiceAccount> informer = serviceAccounts;
        if (informer != null && informer.hasSynced()) {
            ServiceAccount cached = informer.getStore().getByKey(namespace + "/" + name);
            if (cached != null) {
                metrics.count("lookups_total", LOOKUPS_HELP, "kind", "serviceaccount", "source", "cache");
                return Future.succeededFuture(Optional.of(annotations(cached)));
            }
        }
        return get(
                        "serviceaccount",
                        () -> client.serviceAccounts()
                                .inNamespace(namespace)
                                .withName(name)
                                .get())
                .map(sa -> sa.map(InformerClusterLookup::annotations));
    }

    @Override
    public Future<Optional<ObjectMeta>> namespace(String name) {
        SharedIndexInformer<Namespace> informer = namespaces;
        if (informer != null && informer.hasSynced()) {
            Namespace cached = informer.getStore().getByKey(name);
            if (cached != null) {
                metrics.count("lookups_total", LOOKUPS_HELP, "kind", "namespace", "source", "cache");
                return Future.succeededFuture(Optional.ofNullable(cached.getMetadata()));
            }
        }
        return get("namespace", () -> client.namespaces().withName(name).get())
                .map(ns -> ns.map(Namespace::getMetadata));
    }

    /** The Namespace from the cache only (empty when not cached or not synced): for the reconciler, which must not call the API per pod. */
    public Optional<ObjectMeta> cachedNamespace(String name) {
        SharedIndexInformer<Namespace> informer = namespaces;
        Namespace cached = informer == null || !informer.hasSynced()
                ? null
                : informer.getStore().getByKey(name);
        return Optional.ofNullable(cached).map(Namespace::getMetadata);
    }

    /** A ServiceAccount's annotations from the cache only (empty when not cached or not synced). */
    public Optional<Map<String, String>> cachedServiceAccountAnnotations(String namespace, String name) {
        SharedIndexInformer<ServiceAccount> informer = serviceAccounts;
        ServiceAccount cached = informer == null || !informer.hasSynced()
                ? null
                : informer.getStore().getByKey(namespace + "/" + name);
        return Optional.ofNullable(cached).map(InformerClusterLookup::annotations);
    }

    private <T> Future<Optional<T>> get(String kind, Callable<T> call) {
        return api.call(call)
                .map(Optional::ofNullable)
                .onSuccess(v -> metrics.count(
                        "lookups_total", LOOKUPS_HELP, "kind", kind, "source", v.isPresent() ? "api" : "absent"))
                .onFailure(e -> metrics.count("lookups_total", LOOKUPS_HELP, "kind", kind, "source", "error"));
    }

    private static Map<String, String> annotations(ServiceAccount sa) {
        Map<String, String> a =
                sa.getMetadata() == null ? null : sa.getMetadata().getAnnotations();
        return a == null ? Map.of() : Map.copyOf(a);
    }

    @Override
    public boolean nativeSidecarsSupported() {
        return nativeSidecars.getAsBoolean();
    }

    @Override
    public void close() {
        SharedIndexInformer<ServiceAccount> sa = serviceAccounts;
        SharedIndexInformer<Namespace> ns = namespaces;
        if (sa != null) {
            sa.close();
        }
        if (ns != null) {
            ns.close();
        }
    }
}
