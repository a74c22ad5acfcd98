package io.azmonrw.webhook.reconcile;

import static io.azmonrw.webhook.reconcile.ReconcilePods.prometheus;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.reconcile.PodAudit.Finding;
import io.azmonrw.webhook.reconcile.PodAudit.Kind;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(10)));

    private static Finding missing(Pod p) {
        return new Finding(p, Kind.MISSING, Optional.empty());
    }

    /** A pod of its own StatefulSet, so that the one-per-owner rule does not hide the rate limit. */
    private static Pod ownPod(String name) {
        return prometheus(name, "uid-" + name, T0)
                .editMetadata()
                .editFirstOwnerReference()
                .withName("sts-" + name)
                .withUid("owner-" + name)
                .endOwnerReference()
                .endMetadata()
                .build();
    }

    @Test
    void atMostHealRateAttemptsPerMinuteClusterWide() {
        HealPlanner planner = new HealPlanner(clock, 2, Duration.ofMinutes(2));
        List<Pod> pods = List.of(ownPod("a"), ownPod("b"), ownPod("c"));
        List<Finding> findings = pods.stream().map(HealPlannerTest::missing).toList();
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            planner.next(findings, pods).ifPresent(f -> {
                picked.add(f.name());
                planner.attempted(f, false, pods);
            });
        }
        assertThat(picked).hasSize(2);
        clock.advance(Duration.ofSeconds(59));
        assertThat(planner.next(findings, pods)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(planner.next(findings, pods)).isPresent();
    }

    @Test
    void neverYoungerThanTheMinimumAgeNorOptedOutNorWithoutController() {
        HealPlanner planner = new HealPlanner(clock, 10, Duration.ofMinutes(2));
        Pod young = prometheus("young", "u1", clock.instant().minus(Duration.ofSeconds(119)))
                .build();
        Pod optedOut = prometheus("out", "u2", T0)
                .editMetadata()
                .addToAnnotations("azmon-rw.io/inject", "false")
                .endMetadata()
                .build();
        Pod orphan = prometheus("orphan", "u3", T0)
                .editMetadata()
                .withOwnerReferences()
                .endMetadata()
                .build();
        List<Pod> pods = List.of(young, optedOut, orphan);
        assertThat(planner.next(pods.stream().map(HealPlannerTest::missing).toList(), pods))
                .isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(planner.next(pods.stream().map(HealPlannerTest::missing).toList(), pods)
                        .map(Finding::name))
                .contains("young");
    }

    @Test
    void outdatedPodsAreNeverEvicted() {
        HealPlanner planner = new HealPlanner(clock, 10, Duration.ZERO);
        Pod p = ReconcilePods.injectedReady("prom-0", "u0", T0, ReconcilePods.STATUS_V1);
        assertThat(planner.next(List.of(new Finding(p, Kind.OUTDATED, Optional.of("1.0.0"))), List.of(p)))
                .isEmpty();
    }

    @Test
    void onePodPerOwnerUntilItsReplacementIsReadyAndInjected() {
        HealPlanner planner = new HealPlanner(clock, 100, Duration.ofMinutes(2));
        Pod p0 = prometheus("prom-0", "u0", T0).build();
        Pod p1 = prometheus("prom-1", "u1", T0.plusSeconds(1)).build();
        List<Pod> pods = List.of(p0, p1);
        Finding first = planner.next(List.of(missing(p0), missing(p1)), pods).orElseThrow();
        assertThat(first.name()).isEqualTo("prom-0");
        planner.attempted(first, true, pods);
        assertThat(planner.next(List.of(missing(p1)), List.of(p1))).isEmpty();

        // the replacement exists but is not Ready yet: still waiting
        Pod replacementNotReady = prometheus("prom-0", "u0-new", clock.instant())
                .editMetadata()
                .addToAnnotations("azmon-rw.io/status", ReconcilePods.STATUS_V1)
                .endMetadata()
                .build();
        assertThat(planner.next(List.of(missing(p1)), List.of(replacementNotReady, p1)))
                .isEmpty();
        // Ready but without the proxy (admission skipped it again): still waiting, nothing else of this owner is
        // touched
        Pod replacementUninjected = prometheus("prom-0", "u0-new", clock.instant())
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        assertThat(planner.next(List.of(missing(p1)), List.of(replacementUninjected, p1)))
                .isEmpty();
        assertThat(planner.healingOwners()).containsExactly(ReconcilePods.STS_UID);

        Pod replacement = ReconcilePods.injectedReady("prom-0", "u0-new", clock.instant(), ReconcilePods.STATUS_V1);
        assertThat(planner.next(List.of(missing(p1)), List.of(replacement, p1)).map(Finding::name))
                .contains("prom-1");
        assertThat(planner.healingOwners()).isEmpty();
    }

    @Test
    void aRefusedEvictionLeavesTheOwnerFreeForALaterTry() {
        HealPlanner planner = new HealPlanner(clock, 1, Duration.ZERO);
        Pod p0 = prometheus("prom-0", "u0", T0).build();
        Finding f = planner.next(List.of(missing(p0)), List.of(p0)).orElseThrow();
        planner.attempted(f, false, List.of(p0));
        assertThat(planner.healingOwners()).isEmpty();
        assertThat(planner.next(List.of(missing(p0)), List.of(p0))).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(planner.next(List.of(missing(p0)), List.of(p0))).isPresent();
    }
}
