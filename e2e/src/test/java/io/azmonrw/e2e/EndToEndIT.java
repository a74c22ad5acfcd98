package io.azmonrw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.TokenLedger;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Prometheus scrapes a synthetic target (thousands of series, every second) and remote-writes through the
 * proxy (a separate JVM, as deployed) to the ingestion stand-in; one run, one phase per fault. After each phase
 * Prometheus' queue is drained (its own metrics) and every (series, timestamp) it scraped must have arrived.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
    static final int SERIES = 2000;
    static final int GROUPS = 20;
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(40);

    Pipeline pipe;
    long runStartMs;
    long windowStartMs;

    @BeforeAll
    void start() throws Exception {
        pipe = new Pipeline("azmon-rw-e2e", "e2e-summary.txt", "e2e run");
        // tokens short-lived enough that the proxy refreshes several times during the run
        pipe.start(SERIES, GROUPS, TOKEN_LIFETIME, true);
        runStartMs = pipe.promStartMs;
        windowStartMs = runStartMs - 1000;
    }

    @AfterAll
    void stop() throws Exception {
        if (pipe == null) {
            return;
        }
        if (pipe.prom != null) {
            RemoteWriteCounters c = pipe.prom.remoteWrite();
            note(String.format(
                    "end: prometheus sent=%.0f failed=%.0f dropped=%.0f retried=%.0f; stand-in %s; "
                            + "tokens issued=%d",
                    c.samplesSent(),
                    c.samplesFailed(),
                    c.samplesDropped(),
                    c.samplesRetried(),
                    pipe.standIns.ingestion().stats().encode(),
                    pipe.standIns.entra().issuedTokens().size()));
        }
        pipe.stop();
    }

    void note(String line) throws IOException {
        pipe.note(line);
    }

    /** Drains Prometheus' queue past {@code toMs}, then checks the window (windowStartMs, toMs]. */
    DeliveryCheck.Result drainAndCheck(String phase, long toMs) throws Exception {
        long t0 = System.nanoTime();
        DeliveryCheck.Result r = DeliveryCheck.afterDrain(
                pipe.prom,
                pipe.standIns.ingestion().received(),
                SyntheticTarget.METRIC,
                GROUPS,
                windowStartMs,
                toMs,
                Duration.ofSeconds(30));
        double drainSeconds = (System.nanoTime() - t0) / 1e9;
        RemoteWriteCounters c = pipe.prom.remoteWrite();
        IngestionStandIn in = pipe.standIns.ingestion();
        note(String.format(
                "%-22s drained in %.1fs: %s; duplicates so far %d; statuses %s; prometheus failed=%.0f "
                        + "dropped=%.0f retried=%.0f",
                phase,
                drainSeconds,
                r,
                in.received().duplicates(),
                in.statusCounts(),
                c.samplesFailed(),
                c.samplesDropped(),
                c.samplesRetried()));
        windowStartMs = toMs;
        return r;
    }

    void assertNothingLost(DeliveryCheck.Result r) {
        assertThat(r.expected()).as("samples scraped in the window").isGreaterThan(0);
        assertThat(r.missing())
                .as("samples scraped but never accepted: %s; logs in %s", r, pipe.work)
                .isZero();
    }

    @Test
    @Order(1)
    void steadyLoad() throws Exception {
        Thread.sleep(15_000);
        DeliveryCheck.Result r = drainAndCheck("steady", System.currentTimeMillis());
        assertNothingLost(r);
        assertThat(r.series()).isEqualTo(SERIES);
    }

    @Test
    @Order(2)
    void thirtyPercentOf503() throws Exception {
        long before = pipe.standIns.ingestion().statusCounts().getOrDefault(503, 0L);
        // one 503 for certain, then 30% at random, so that the phase always has a retry to survive
        pipe.standIns.ingestion().enqueue(503, java.util.Map.of());
        pipe.standIns.ingestion().errorRate(0.3, 503);
        try {
            Thread.sleep(20_000);
        } finally {
            pipe.standIns.ingestion().clearFaults();
        }
        assertNothingLost(drainAndCheck("30% 503", System.currentTimeMillis()));
        assertThat(pipe.standIns.ingestion().statusCounts().getOrDefault(503, 0L))
                .isGreaterThan(before);
    }

    @Test
    @Order(3)
    void throttledWith429AndRetryAfter() throws Exception {
        long before = pipe.standIns.ingestion().statusCounts().getOrDefault(429, 0L);
        for (int i = 0; i < 6; i++) {
            pipe.standIns.ingestion().enqueue(429, Map.of("Retry-After", "1"));
        }
        try {
            Thread.sleep(10_000);
        } finally {
            pipe.standIns.ingestion().clearFaults();
        }
        assertNothingLost(drainAndCheck("429 Retry-After", System.currentTimeMillis()));
        assertThat(pipe.standIns.ingestion().statusCounts().getOrDefault(429, 0L) - before)
                .isEqualTo(6);
    }

    @Test
    @Order(4)
    void forbiddenForThirtySeconds() throws Exception {
        long before = pipe.standIns.ingestion().statusCounts().getOrDefault(403, 0L);
        pipe.standIns.ingestion().forbiddenFor(Duration.ofSeconds(30));
        Thread.sleep(30_000);
        assertNothingLost(drainAndCheck("403 window 30s", System.currentTimeMillis()));
        assertThat(pipe.standIns.ingestion().statusCounts().getOrDefault(403, 0L))
                .isGreaterThan(before);
    }

    @Test
    @Order(5)
    void tokenEndpointDownLongerThanTheRefreshMargin() throws Exception {
        // start the outage a little before the proxy's refresh point (15% of the lifetime before expiry)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<TokenLedger.IssuedToken> issued = pipe.standIns.entra().issuedTokens();
            Instant latest = issued.get(issued.size() - 1).issuedAt();
            if (Duration.between(latest, Instant.now())
                            .compareTo(TOKEN_LIFETIME.multipliedBy(7).dividedBy(10))
                    >= 0) {
                break;
            }
            Thread.sleep(200);
        }
        int requestsBefore = pipe.standIns.entra().requests().size();
        Duration outage = TOKEN_LIFETIME.multipliedBy(3).dividedBy(10);
        pipe.standIns.entra().failFor(outage, 503);
        try {
            Thread.sleep(outage.toMillis() + 5000);
        } finally {
            pipe.standIns.entra().clearFaults();
        }
        long refused =
                pipe
                        .standIns
                        .entra()
                        .requests()
                        .subList(
                                requestsBefore, pipe.standIns.entra().requests().size())
                        .stream()
                        .filter(r -> r.status() == 503)
                        .count();
        note("token endpoint outage of " + outage + ": " + refused + " token requests refused");
        assertThat(refused).as("the proxy tried to refresh during the outage").isGreaterThan(0);
        assertNothingLost(drainAndCheck("token endpoint down", System.currentTimeMillis()));
    }

    @Test
    @Order(6)
    void ingestionConnectionsResetWithoutAnswer() throws Exception {
        long before = pipe.standIns.ingestion().resets();
        // the next write is reset for certain, then 20% at random: a 10 s window of random resets alone saw none
        // often enough to make this phase assert nothing (0.8^n over the ~10-20 writes of the window)
        pipe.standIns.ingestion().enqueueReset();
        pipe.standIns.ingestion().resetRate(0.2);
        try {
            Thread.sleep(10_000);
        } finally {
            pipe.standIns.ingestion().clearFaults();
        }
        assertNothingLost(drainAndCheck("20% connection resets", System.currentTimeMillis()));
        assertThat(pipe.standIns.ingestion().resets()).isGreaterThan(before);
    }

    @Test
    @Order(7)
    void proxyKilledWithSigkillAndRestarted() throws Exception {
        Thread.sleep(3000);
        long killedAt = System.nanoTime();
        pipe.proxy.kill();
        Thread.sleep(3000);
        long startedAt = System.nanoTime();
        pipe.proxy.start();
        pipe.proxy.awaitReady(Duration.ofSeconds(120), false);
        long readyAt = System.nanoTime();
        // a figure for the report (issue 18 watches it), not an assertion: the machine may be busy
        note(String.format(
                "proxy restart: ready again %d ms after its start (%d ms after the SIGKILL, 3 s of it the planned pause)",
                (readyAt - startedAt) / 1_000_000, (readyAt - killedAt) / 1_000_000));
        Thread.sleep(10_000);
        assertNothingLost(drainAndCheck("proxy SIGKILL+restart", System.currentTimeMillis()));
    }

    @Test
    @Order(8)
    void severalTokenRefreshesAndNothingLostOverTheWholeRun() throws Exception {
        long now = System.currentTimeMillis();
        drainAndCheck("tail", now);
        windowStartMs = runStartMs - 1000;
        DeliveryCheck.Result whole = drainAndCheck("whole run", now);
        assertNothingLost(whole);
        assertThat(pipe.standIns.ingestion().distinctTokens())
                .as("distinct bearer tokens accepted")
                .isGreaterThanOrEqualTo(3);
        RemoteWriteCounters c = pipe.prom.remoteWrite();
        assertThat(c.samplesFailed()).as("samples Prometheus failed").isZero();
        assertThat(c.samplesDropped()).as("samples Prometheus dropped").isZero();
    }
}
