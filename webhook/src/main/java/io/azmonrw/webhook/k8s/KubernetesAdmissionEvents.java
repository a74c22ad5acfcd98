package io.azmonrw.webhook.k8s;

import io.azmonrw.webhook.admission.AdmissionEvents;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Warning Event (core/v1) when a pod is admitted without the proxy for lack of an identity,
 * on the pod's controller (the StatefulSet, where people look) or else the namespace. A StatefulSet
 * recreating pods would repeat the same event, so one per target and message is sent per window.
 * Fire and forget: an admission never waits for it and never fails because of it.
 */
public final class KubernetesAdmissionEvents implements AdmissionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAdmissionEvents.class);
    public static final String REASON = "AzmonRwIdentityMissing";
    public static final String COMPONENT = "azmon-rw-webhook";
    public static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_KEYS = 1024;
    private static final String HELP =
            "Kubernetes Events about a missing identity: sent, suppressed (duplicate within the window) or failed";

    private final KubernetesClient client;
    private final BoundedApi api;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final String instance;
    private final ConcurrentMap<String, Instant> lastSent = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public KubernetesAdmissionEvents(
            KubernetesClient client, BoundedApi api, WebhookMetrics metrics, Clock clock, String instance) {
        this.client = client;
        this.api = api;
        this.metrics = metrics;
        this.clock = clock;
        this.instance = instance;
    }

    @Override
    public void identityMissing(Pod pod, String namespace, String message) {
        try {
            ObjectReference target = target(pod, namespace);
            Instant now = clock.instant();
            String key = target.getKind() + '/' + target.getNamespace() + '/' + target.getName() + '/' + message;
            if (!claim(key, now)) {
                metrics.count("events_total", HELP, "result", "suppressed");
                return;
            }
            Event event = event(target, namespace, message, now);
            api.call(() -> client.v1()
                            .events()
                            .inNamespace(namespace)
                            .resource(event)
                            .create())
                    .onSuccess(e -> metrics.count("events_total", HELP, "result", "sent"))
                    .onFailure(e -> {
                        metrics.count("events_total", HELP, "result", "failed");
                        LOG.warn(
                                "cannot record an Event on {} {}/{}: {}",
                                target.getKind(),
                                namespace,
                                target.getName(),
                                String.valueOf(e.getMessage()));
                    });
        } catch (RuntimeException e) {
            // an event is a courtesy: whatever goes wrong here must not touch the admission
            metrics.count("events_total", HELP, "result", "failed");
            LOG.warn("cannot record an Event in {}: {}", namespace, String.valueOf(e));
        }
    }

    private boolean claim(String key, Instant now) {
        if (lastSent.size() >= MAX_KEYS) {
            lastSent.entrySet().removeIf(e -> e.getValue().plus(WINDOW).isBefore(now));
            if (lastSent.size() >= MAX_KEYS) {
                lastSent.clear();
            }
        }
        boolean[] claimed = {false};
        lastSent.compute(key, (k, prev) -> {
            if (prev == null || !prev.plus(WINDOW).isAfter(now)) {
                claimed[0] = true;
                return now;
            }
            return prev;
        });
        return claimed[0];
    }

    /** The pod's controller if it has one (pods arrive without a name), else the namespace. */
    static ObjectReference target(Pod pod, String namespace) {
        List<OwnerReference> owners = pod == null || pod.getMetadata() == null
                ? null
                : pod.getMetadata().getOwnerReferences();
        if (owners != null) {
            for (OwnerReference o : owners) {
                if (Boolean.TRUE.equals(o.getController()) && o.getName() != null && o.getKind() != null) {
                    return new ObjectReferenceBuilder()
                            .withApiVersion(o.getApiVersion())
                            .withKind(o.getKind())
                            .withName(o.getName())
                            .withNamespace(namespace)
                            .withUid(o.getUid())
                            .build();
                }
            }
        }
        // the Event lives in the pod's namespace, so involvedObject.namespace must say so too (API validation)
        return new ObjectReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Namespace")
                .withName(namespace)
                .withNamespace(namespace)
                .build();
    }

    private Event event(ObjectReference target, String namespace, String message, Instant now) {
        String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
        // the kubelet's naming scheme: <object>.<unique hex>, always a valid name
        String name = target.getName().toLowerCase(Locale.ROOT) + "."
                + Long.toHexString(now.toEpochMilli() * 1000 + (sequence.incrementAndGet() % 1000));
        return new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(target)
                .withType("Warning")
                .withReason(REASON)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(ts)
                .withLastTimestamp(ts)
                .withCount(1)
                .build();
    }
}
