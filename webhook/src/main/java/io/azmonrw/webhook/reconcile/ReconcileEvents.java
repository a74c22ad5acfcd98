package io.azmonrw.webhook.reconcile;

import io.azmonrw.webhook.k8s.BoundedApi;
import io.azmonrw.webhook.k8s.KubernetesAdmissionEvents;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.azmonrw.webhook.reconcile.PodAudit.Finding;
import io.azmonrw.webhook.reconcile.PodAudit.Kind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Future;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's Warning Events, on the pod and on its controller. A finding's Events have names derived from
 * the pod's UID, so a second create (another replica that became leader, a restart) answers 409 and nothing is
 * repeated: one Event per pod and kind without listing Events (no extra RBAC) and without state that a restart loses.
 */
public final class ReconcileEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileEvents.class);
    public static final String REASON_MISSING = "AzmonRwProxyMissing";
    public static final String REASON_OUTDATED = "AzmonRwProxyOutdated";
    public static final String REASON_EVICTED = "AzmonRwProxyHealEvicted";
    public static final String REASON_REFUSED = "AzmonRwProxyHealRefused";
    static final String HELP = "Reconciler Events: sent, exists (already sent, e.g. by a previous leader) or failed";
    /** Event names are DNS subdomains (253 characters); the object's part is cut so that the suffix fits. */
    private static final int MAX_PREFIX = 180;

    private final KubernetesClient client;
    private final BoundedApi api;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final String instance;
    private final int proxyPort;

    public ReconcileEvents(
            KubernetesClient client,
            BoundedApi api,
            WebhookMetrics metrics,
            Clock clock,
            String instance,
            int proxyPort) {
        this.client = client;
        this.api = api;
        this.metrics = metrics;
        this.clock = clock;
        this.instance = instance;
        this.proxyPort = proxyPort;
    }

    /** The finding's Events (pod and owner); succeeds once both exist, whoever created them. */
    public Future<Void> announce(Finding f) {
        String reason = f.kind() == Kind.MISSING ? REASON_MISSING : REASON_OUTDATED;
        String suffix = "azmon-rw-" + f.kind().name().toLowerCase(Locale.ROOT) + "." + f.uid();
        return send(f.pod(), reason, message(f), suffix);
    }

    /** One Event per eviction or refusal (those are rate-limited, so they cannot flood). */
    public Future<Void> healed(Finding f, boolean evicted, String detail) {
        String reason = evicted ? REASON_EVICTED : REASON_REFUSED;
        String text = evicted
                ? "azmon-rw evicted pod " + f.name()
                        + " (it runs without the proxy) so that its controller recreates it with the proxy (HEAL_MODE=evict)"
                : "azmon-rw could not evict pod " + f.name() + " to add the proxy: " + detail
                        + "; retried later. Fix by hand: " + PodAudit.fixCommand(f.pod());
        String suffix = "azmon-rw-heal." + Long.toHexString(clock.millis()) + "." + f.uid();
        return send(f.pod(), reason, text, suffix);
    }

    String message(Finding f) {
        String pod = "pod " + f.namespace() + "/" + f.name();
        if (f.kind() == Kind.MISSING) {
            return pod
                    + " runs without the azmon-rw proxy (created while the webhook was unavailable, or before its namespace was"
                    + " labelled azmon-rw.io/injection=enabled): its remote write to localhost:" + proxyPort
                    + " fails. Recreate it to inject the proxy: " + PodAudit.fixCommand(f.pod());
        }
        return pod + " runs the azmon-rw proxy injected by webhook version "
                + f.injectedVersion().orElse("unknown")
                + "; the webhook is now another version. Recreate it to get the current proxy: "
                + PodAudit.fixCommand(f.pod());
    }

    private Future<Void> send(Pod pod, String reason, String message, String suffix) {
        String ns = pod.getMetadata().getNamespace();
        List<Future<Void>> sent = new ArrayList<>();
        ObjectReference podRef = new ObjectReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withNamespace(ns)
                .withUid(pod.getMetadata().getUid())
                .build();
        sent.add(create(podRef, reason, message, suffix));
        PodAudit.controller(pod).ifPresent(o -> sent.add(create(ownerRef(o, ns), reason, message, suffix)));
        return Future.all(sent).mapEmpty();
    }

    private static ObjectReference ownerRef(OwnerReference o, String ns) {
        return new ObjectReferenceBuilder()
                .withApiVersion(o.getApiVersion())
                .withKind(o.getKind())
                .withName(o.getName())
                .withNamespace(ns)
                .withUid(o.getUid())
                .build();
    }

    private Future<Void> create(ObjectReference target, String reason, String message, String suffix) {
        String prefix = target.getName().toLowerCase(Locale.ROOT);
        if (prefix.length() > MAX_PREFIX) {
            prefix = prefix.substring(0, MAX_PREFIX);
        }
        String name = prefix + "." + target.getKind().toLowerCase(Locale.ROOT) + "." + suffix;
        String ts = Instant.ofEpochMilli(clock.millis())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(target.getNamespace())
                .endMetadata()
                .withInvolvedObject(target)
                .withType("Warning")
                .withReason(reason)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withNewSource()
                .withComponent(KubernetesAdmissionEvents.COMPONENT)
                .endSource()
                .withReportingComponent(KubernetesAdmissionEvents.COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(ts)
                .withLastTimestamp(ts)
                .withCount(1)
                .build();
        return api.call(() -> {
                    try {
                        client.v1()
                                .events()
                                .inNamespace(target.getNamespace())
                                .resource(event)
                                .create();
                        return "sent";
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                            return "exists";
                        }
                        throw e;
                    }
                })
                .onSuccess(result -> metrics.count("reconcile_events_total", HELP, "result", result))
                .onFailure(e -> {
                    metrics.count("reconcile_events_total", HELP, "result", "failed");
                    LOG.warn(
                            "cannot record an Event on {} {}/{}: {}",
                            target.getKind(),
                            target.getNamespace(),
                            target.getName(),
                            String.valueOf(e.getMessage()));
                })
                .mapEmpty();
    }
}
