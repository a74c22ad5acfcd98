package io.azmonrw.webhook.reconcile;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.k8s.InformerClusterLookup;
import io.azmonrw.webhook.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods the reconciler looks at, from two label-selected informers: PROMETHEUS_POD_SELECTOR, and
 * {@code azmon-rw.io/inject=true} (pods forced in). The API server filters, so only Prometheus pods are held
 * in memory, not every pod of the cluster; a pod forced in by the annotation alone is not seen (documented).
 */
public final class PodCache implements AutoCloseable {
    private final KubernetesClient client;
    private final List<String> selectors;
    private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

    public PodCache(KubernetesClient client, LabelSelector prometheusPods) {
        this.client = client;
        this.selectors = List.of(prometheusPods.toString(), Keys.INJECT + "=true");
    }

    /** Starts the informers (blocking call: run it on a worker); {@code onChange} runs on every add, update or delete. */
    public synchronized void start(Runnable onChange) {
        for (String selector : selectors) {
            SharedIndexInformer<Pod> informer =
                    client.pods().inAnyNamespace().withLabelSelector(selector).runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod obj) {
                    onChange.run();
                }

                @Override
                public void onUpdate(Pod oldObj, Pod newObj) {
                    onChange.run();
                }

                @Override
                public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
                    onChange.run();
                }
            });
            informers.add(InformerClusterLookup.startInformer(
                    informer, "Pod (" + selector + ")", "the reconciler reports nothing until synced"));
        }
    }

    public synchronized boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Every cached pod once (a pod matching both selectors is in both caches). */
    public synchronized Collection<Pod> pods() {
        Map<String, Pod> byKey = new LinkedHashMap<>();
        for (SharedIndexInformer<Pod> informer : informers) {
            for (Pod p : informer.getStore().list()) {
                byKey.putIfAbsent(
                        p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
            }
        }
        return List.copyOf(byKey.values());
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
