package io.azmonrw.webhook.reconcile;

import io.azmonrw.common.http.Readiness;
import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.WebhookConfig.HealMode;
import io.azmonrw.webhook.k8s.BoundedApi;
import io.azmonrw.webhook.k8s.InformerClusterLookup;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.azmonrw.webhook.mutation.InjectionDefaults;
import io.azmonrw.webhook.mutation.SpecResolver;
import io.azmonrw.webhook.selection.Selection;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the reconciler together for the verticle: pod informers, leader election and the passes. HEAL_MODE=off,
 * or no POD_NAMESPACE (no place for the Lease: a local run), leaves it out, and readiness says so.
 */
public final class ReconcilerWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilerWiring.class);

    /** What tests shorten: lease timings, the resync period, the clock of healing, the version compared with pods'. */
    public record Tuning(LeaderGate.Timings timings, Duration resync, Clock clock, String version) {
        public static Tuning defaults() {
            return new Tuning(
                    LeaderGate.Timings.DEFAULT,
                    Reconciler.RESYNC,
                    Clock.systemUTC(),
                    BuildInfo.version(WebhookConfig.class));
        }
    }

    private final Vertx vertx;
    private final WebhookConfig config;
    private final KubernetesClient client;
    private final BoundedApi api;
    private final WebhookMetrics metrics;
    private final InformerClusterLookup lookup;
    private final String instance;
    private final Tuning tuning;
    private final String disabled;
    private final SpecResolver resolver;
    private PodCache cache;
    private LeaderGate gate;
    private Reconciler reconciler;

    public ReconcilerWiring(
            Vertx vertx,
            WebhookConfig config,
            KubernetesClient client,
            BoundedApi api,
            WebhookMetrics metrics,
            InformerClusterLookup lookup,
            String instance) {
        this(vertx, config, client, api, metrics, lookup, instance, Tuning.defaults());
    }

    public ReconcilerWiring(
            Vertx vertx,
            WebhookConfig config,
            KubernetesClient client,
            BoundedApi api,
            WebhookMetrics metrics,
            InformerClusterLookup lookup,
            String instance,
            Tuning tuning) {
        this.vertx = vertx;
        this.config = config;
        this.client = client;
        this.api = api;
        this.metrics = metrics;
        this.lookup = lookup;
        this.instance = instance;
        this.tuning = tuning;
        this.resolver = new SpecResolver(InjectionDefaults.from(config));
        if (config.healMode() == HealMode.OFF) {
            disabled = "HEAL_MODE=off";
        } else if (config.podNamespace().isEmpty()) {
            disabled = "no POD_NAMESPACE to hold the reconciler Lease";
        } else {
            disabled = null;
        }
    }

    /** The reconciler's state, informational (it never makes the webhook unready: admission does not depend on it). */
    public void registerReadiness(Readiness readiness) {
        readiness.registerInformational("reconciler", () -> {
            if (disabled != null) {
                return Readiness.Result.up("off: " + disabled);
            }
            LeaderGate g = gate;
            String role = g != null && g.leading() ? "leader" : "standby";
            PodCache c = cache;
            return Readiness.Result.up(
                    role + ", HEAL_MODE=" + config.healMode().name().toLowerCase(java.util.Locale.ROOT)
                            + (c != null && c.synced() ? ", pod cache synced" : ", pod cache not synced yet"));
        });
    }

    /** Starts the informers, then campaigns for the Lease; returns once started (not synced, not leading). */
    public Future<Void> start() {
        if (disabled != null) {
            LOG.info("reconciler not started: {}", disabled);
            return Future.succeededFuture();
        }
        cache = new PodCache(client, config.prometheusPodSelector());
        PodAudit audit = new PodAudit(
                new Selection(config.prometheusPodSelector(), config.excludedNamespaces()), tuning.version());
        HealPlanner planner = new HealPlanner(tuning.clock(), config.healRate(), config.healMinAge());
        ReconcileEvents events =
                new ReconcileEvents(client, api, metrics, tuning.clock(), instance, config.proxyPort());
        reconciler = new Reconciler(
                vertx,
                client,
                api,
                metrics,
                config.healMode(),
                audit,
                planner,
                events,
                cache::pods,
                lookup::cachedNamespace,
                this::wouldInject,
                tuning.resync());
        reconciler.start();
        gate = new LeaderGate(
                client, config.podNamespace().orElseThrow(), instance, tuning.timings(), reconciler::leading);
        return api.background(
                () -> {
                    cache.start(reconciler::requestPass);
                    gate.start();
                    return null;
                },
                Duration.ofSeconds(30));
    }

    /** The admission path's own resolution, on the caches: a pod whose identity or URL is missing would come back without the proxy. */
    private boolean wouldInject(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String sa = pod.getSpec() == null || pod.getSpec().getServiceAccountName() == null
                ? "default"
                : pod.getSpec().getServiceAccountName();
        Optional<ObjectMeta> namespace = lookup.cachedNamespace(ns);
        Optional<Map<String, String>> saAnnotations = lookup.cachedServiceAccountAnnotations(ns, sa);
        if (namespace.isEmpty() || saAnnotations.isEmpty()) {
            return false;
        }
        return resolver.resolve(
                        pod, ns, sa, namespace.get().getAnnotations(), saAnnotations.get(), false, new ArrayList<>())
                .spec()
                .isPresent();
    }

    public boolean leading() {
        return gate != null && gate.leading();
    }

    @Override
    public void close() {
        if (gate != null) {
            gate.close();
        }
        if (reconciler != null) {
            reconciler.stop();
        }
        if (cache != null) {
            cache.close();
        }
    }
}
