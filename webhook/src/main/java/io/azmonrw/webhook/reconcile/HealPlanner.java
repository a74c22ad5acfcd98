package io.azmonrw.webhook.reconcile;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.reconcile.PodAudit.Finding;
import io.azmonrw.webhook.reconcile.PodAudit.Kind;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks which pod that missed the proxy to evict next (HEAL_MODE=evict): at most HEAL_RATE attempts per minute
 * cluster-wide, one pod per owner at a time until its replacement is Ready and injected, never a pod younger than
 * HEAL_MIN_AGE, never a pod opted out, never a pod without a controller (nothing would recreate it).
 * Pure and driven by the given clock; not thread-safe (the reconciler calls it from one context).
 */
public final class HealPlanner {
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** An owner whose pod was evicted: which pods it had then, so that a new one can be told apart. */
    private record Healing(String podUid, Set<String> podsBefore) {}

    private final Clock clock;
    private final int perMinute;
    private final Duration minAge;
    private final Deque<Instant> attempts = new ArrayDeque<>();
    private final Map<String, Healing> healing = new HashMap<>();

    public HealPlanner(Clock clock, int perMinute, Duration minAge) {
        this.clock = clock;
        this.perMinute = perMinute;
        this.minAge = minAge;
    }

    /** The pod to evict now, if any; {@code pods} are all cached pods (to find replacements). */
    public Optional<Finding> next(Collection<Finding> findings, Collection<Pod> pods) {
        Instant now = clock.instant();
        release(pods);
        while (!attempts.isEmpty() && !attempts.peekFirst().plus(WINDOW).isAfter(now)) {
            attempts.removeFirst();
        }
        if (attempts.size() >= perMinute) {
            return Optional.empty();
        }
        return findings.stream()
                .filter(f -> f.kind() == Kind.MISSING && eligible(f.pod(), now))
                .filter(f ->
                        f.owner().map(o -> !healing.containsKey(o.getUid())).orElse(false))
                .min(Comparator.comparing((Finding f) -> created(f.pod()).orElse(Instant.MAX))
                        .thenComparing(Finding::uid));
    }

    /** Owners still waiting for a Ready, injected replacement; visible for tests and logs. */
    public Set<String> healingOwners() {
        return Set.copyOf(healing.keySet());
    }

    /** Records an attempt (evicted or refused: both count against the rate). */
    public void attempted(Finding f, boolean evicted, Collection<Pod> pods) {
        attempts.addLast(clock.instant());
        OwnerReference owner = f.owner().orElseThrow();
        if (evicted) {
            Set<String> before = pods.stream()
                    .filter(p -> ownedBy(p, owner.getUid()))
                    .map(p -> p.getMetadata().getUid())
                    .collect(Collectors.toSet());
            before.add(f.uid());
            healing.put(owner.getUid(), new Healing(f.uid(), Set.copyOf(before)));
        }
    }

    private void release(Collection<Pod> pods) {
        healing.entrySet()
                .removeIf(e -> pods.stream()
                        .anyMatch(p -> ownedBy(p, e.getKey())
                                && !e.getValue()
                                        .podsBefore()
                                        .contains(p.getMetadata().getUid())
                                && injected(p)
                                && ready(p)));
    }

    private boolean eligible(Pod pod, Instant now) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (isFalse(labels) || isFalse(annotations)) {
            return false;
        }
        return created(pod).map(c -> !c.plus(minAge).isAfter(now)).orElse(false);
    }

    private static boolean isFalse(Map<String, String> m) {
        return m != null
                && m.get(Keys.INJECT) != null
                && m.get(Keys.INJECT).trim().equalsIgnoreCase("false");
    }

    static Optional<Instant> created(Pod pod) {
        try {
            String ts = pod.getMetadata().getCreationTimestamp();
            return ts == null ? Optional.empty() : Optional.of(Instant.parse(ts));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean ownedBy(Pod p, String ownerUid) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(o -> ownerUid.equals(o.getUid()));
    }

    static boolean injected(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        return a != null && a.containsKey(Keys.STATUS);
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
