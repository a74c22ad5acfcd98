package io.azmonrw.webhook.reconcile;

import io.azmonrw.webhook.WebhookConfig.HealMode;
import io.azmonrw.webhook.k8s.BoundedApi;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.azmonrw.webhook.reconcile.PodAudit.Finding;
import io.azmonrw.webhook.reconcile.PodAudit.Kind;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds pods that missed the proxy or run an outdated one, publishes per-namespace gauges, records one Event per
 * pod, and in HEAL_MODE=evict evicts them one at a time through the Eviction API (so PodDisruptionBudgets hold).
 * Passes run on one Vert.x context, on every pod change and every {@code resync}, and only while leading; API
 * calls go through the bounded worker pool.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    public static final Duration RESYNC = Duration.ofSeconds(30);
    static final String MISSING = WebhookMetrics.PREFIX + "pods_missing_proxy";
    static final String OUTDATED = WebhookMetrics.PREFIX + "pods_outdated_proxy";

    private final Vertx vertx;
    private final KubernetesClient client;
    private final BoundedApi api;
    private final WebhookMetrics metrics;
    private final HealMode mode;
    private final PodAudit audit;
    private final HealPlanner planner;
    private final ReconcileEvents events;
    private final Supplier<Collection<Pod>> pods;
    private final Function<String, Optional<ObjectMeta>> namespaces;
    private final Predicate<Pod> healable;
    private final Duration resync;
    private final MultiGauge missingGauge;
    private final MultiGauge outdatedGauge;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Set<String> announced = new HashSet<>();
    private Context context;
    private volatile boolean leading;
    private boolean evicting;
    private long timer = -1;

    /**
     * @param pods the cached pods (label-selected); @param namespaces a cached Namespace by name
     * @param healable whether admission would inject a recreated pod now (identity and URL known): evicting
     *                 any other would only bring it back without the proxy
     */
    public Reconciler(
            Vertx vertx,
            KubernetesClient client,
            BoundedApi api,
            WebhookMetrics metrics,
            HealMode mode,
            PodAudit audit,
            HealPlanner planner,
            ReconcileEvents events,
            Supplier<Collection<Pod>> pods,
            Function<String, Optional<ObjectMeta>> namespaces,
            Predicate<Pod> healable,
            Duration resync) {
        this.vertx = vertx;
        this.client = client;
        this.api = api;
        this.metrics = metrics;
        this.mode = mode;
        this.audit = audit;
        this.planner = planner;
        this.events = events;
        this.pods = pods;
        this.namespaces = namespaces;
        this.healable = healable;
        this.resync = resync;
        this.missingGauge = MultiGauge.builder(MISSING)
                .description("Pods the webhook would inject that run without the proxy, by namespace"
                        + " (exported by the reconciler leader only)")
                .register(metrics.registry());
        this.outdatedGauge = MultiGauge.builder(OUTDATED)
                .description("Pods whose proxy was injected by another webhook version, by namespace"
                        + " (exported by the reconciler leader only)")
                .register(metrics.registry());
        metrics.gauge("reconciler_leader", "1 on the webhook replica that runs the reconciler", () -> leading ? 1 : 0);
    }

    /** Binds to the calling context and starts the periodic pass (which does nothing until {@link #leading(boolean)}). */
    public void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> timer = vertx.setPeriodic(resync.toMillis(), id -> requestPass()));
    }

    /** Called by the leader election, from any thread. */
    public void leading(boolean now) {
        leading = now;
        requestPass();
    }

    /** Coalesces many pod changes into one pass on the reconciler's context; safe from any thread. */
    public void requestPass() {
        Context ctx = context;
        if (ctx != null && pending.compareAndSet(false, true)) {
            ctx.runOnContext(v -> {
                pending.set(false);
                pass();
            });
        }
    }

    void pass() {
        if (!leading) {
            missingGauge.register(List.of(), true);
            outdatedGauge.register(List.of(), true);
            announced.clear();
            return;
        }
        Collection<Pod> all = pods.get();
        List<Finding> findings = new ArrayList<>();
        for (Pod p : all) {
            String ns = p.getMetadata() == null ? null : p.getMetadata().getNamespace();
            ObjectMeta meta = ns == null ? null : namespaces.apply(ns).orElse(null);
            audit.audit(p, meta).ifPresent(findings::add);
        }
        publish(findings);
        Set<String> current = new HashSet<>();
        for (Finding f : findings) {
            String key = f.uid() + "/" + f.kind();
            current.add(key);
            if (announced.add(key)) {
                // on failure, forget it so that the next pass tries again (a 409 counts as done)
                events.announce(f).onFailure(e -> context.runOnContext(v -> announced.remove(key)));
            }
        }
        announced.retainAll(current);
        if (mode == HealMode.EVICT && !evicting) {
            planner.next(findings.stream().filter(f -> healable.test(f.pod())).toList(), all)
                    .ifPresent(f -> evict(f, all));
        }
    }

    private void publish(List<Finding> findings) {
        Map<String, Integer> missing = new TreeMap<>();
        Map<String, Integer> outdated = new TreeMap<>();
        for (Finding f : findings) {
            (f.kind() == Kind.MISSING ? missing : outdated).merge(f.namespace(), 1, Integer::sum);
        }
        missingGauge.register(rows(missing), true);
        outdatedGauge.register(rows(outdated), true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Integer> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((ns, n) -> rows.add(MultiGauge.Row.of(Tags.of("namespace", ns), n)));
        return rows;
    }

    private void evict(Finding f, Collection<Pod> all) {
        evicting = true;
        LOG.info("evicting pod {}/{}: it runs without the proxy (HEAL_MODE=evict)", f.namespace(), f.name());
        Future<Boolean> call = api.call(() ->
                client.pods().inNamespace(f.namespace()).withName(f.name()).evict());
        call.onComplete(ar -> context.runOnContext(v -> {
            evicting = false;
            if (ar.succeeded() && ar.result()) {
                planner.attempted(f, true, all);
                metrics.count("evictions_total", "Pods evicted by the reconciler to get the proxy (HEAL_MODE=evict)");
                events.healed(f, true, "");
            } else {
                // 429: a PodDisruptionBudget said no; the pod stays a candidate and is tried again later, within
                // HEAL_RATE
                String reason = ar.succeeded() ? "pdb" : "api_error";
                String detail = ar.succeeded()
                        ? "a PodDisruptionBudget does not allow it now (429)"
                        : String.valueOf(ar.cause().getMessage());
                planner.attempted(f, false, all);
                metrics.count(
                        "eviction_refusals_total",
                        "Evictions refused (pdb: 429 from a PodDisruptionBudget) or failed (api_error)",
                        "reason",
                        reason);
                LOG.warn("cannot evict pod {}/{}: {}", f.namespace(), f.name(), detail);
                events.healed(f, false, detail);
            }
        }));
    }

    public void stop() {
        leading = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
