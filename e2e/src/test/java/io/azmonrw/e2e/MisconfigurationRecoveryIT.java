package io.azmonrw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12: a real Prometheus writes through the proxy while an identity mistake (20 s of AADSTS70021 from the token
 * endpoint) and then an endpoint mistake (20 s of 404, the data collection rule missing) are made and fixed; not one
 * scraped (series, timestamp) may be lost. Duplicates (a batch retried after a lost answer) are reported, not failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisconfigurationRecoveryIT {
    static final int SERIES = 500;
    static final int GROUPS = 5;
    /** Shorter than the AADSTS70021 window, so that the cached token runs out while Entra refuses. */
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(8);

    static final Duration WINDOW = Duration.ofSeconds(20);

    Pipeline pipe;
    long startMs;

    @BeforeAll
    void start() throws Exception {
        pipe = new Pipeline("azmon-rw-e2e-misconfig", "e2e-misconfiguration.txt", "misconfiguration run");
        pipe.start(SERIES, GROUPS, TOKEN_LIFETIME, false);
        startMs = pipe.promStartMs - 1000;
    }

    @AfterAll
    void stop() throws Exception {
        if (pipe != null) {
            pipe.stop();
        }
    }

    void note(String line) throws IOException {
        pipe.note(line);
    }

    /** Waits out the fault window, reading /ready 2 s before its end, then ends the fault with {@code fix}. */
    String readyNearTheEndOfTheWindow(Runnable fix) throws InterruptedException {
        try {
            Thread.sleep(WINDOW.toMillis() - 2000);
            String ready = LocalHttp.getOrNull(pipe.proxy.baseUrl() + "/ready");
            Thread.sleep(2000);
            return ready;
        } finally {
            fix.run();
        }
    }

    /**
     * Runs {@code fix} after one window, returning the first /ready body of the window that contains {@code wanted}
     * (polled, since when the proxy first meets the mistake depends on its token refresh and Prometheus' batching),
     * else the last one read.
     */
    String readyDuringTheWindow(String wanted, Runnable fix) throws InterruptedException {
        long end = System.currentTimeMillis() + WINDOW.toMillis();
        String seen = null;
        try {
            while (System.currentTimeMillis() < end) {
                String ready = LocalHttp.getOrNull(pipe.proxy.baseUrl() + "/ready");
                if (ready != null && (seen == null || !seen.contains(wanted))) {
                    seen = ready;
                }
                Thread.sleep(500);
            }
            return seen;
        } finally {
            fix.run();
        }
    }

    /** Waits (bounded) until the proxy holds a valid token again, so the next window starts with writes flowing. */
    void awaitTokenValid(Duration atMost) throws InterruptedException {
        long end = System.currentTimeMillis() + atMost.toMillis();
        while (System.currentTimeMillis() < end) {
            String ready = LocalHttp.getOrNull(pipe.proxy.baseUrl() + "/ready");
            if (ready != null && ready.contains("valid for")) {
                return;
            }
            Thread.sleep(250);
        }
    }

    @Test
    void identityThenEndpointMistakeFixedWhilePrometheusRunsLosesNothing() throws Exception {
        Thread.sleep(5000);
        int tokenRequestsBefore = pipe.standIns.entra().requests().size();
        pipe.standIns
                .entra()
                .failWith(
                        400,
                        "invalid_request",
                        70021,
                        "No matching federated identity record found for presented assertion."
                                + " Assertion Issuer: 'https://oidc.example/'. Assertion Subject: 'system:serviceaccount:monitoring:prometheus'.");
        String readyDuringIdentityMistake =
                readyNearTheEndOfTheWindow(() -> pipe.standIns.entra().clearFailure());
        long refused = pipe.standIns.entra().requests().stream()
                .skip(tokenRequestsBefore)
                .filter(r -> r.status() == 400)
                .count();
        long notFoundBefore = pipe.standIns.ingestion().statusCounts().getOrDefault(404, 0L);
        // the rule the URL names does not exist (yet): the stand-in answers 404 DataCollectionRuleNotFound
        // the 404 window starts once the identity fix has reached the proxy (its next token fetch), so that it is
        // 20 s of writes meeting the endpoint mistake rather than of writes still waiting for a token
        awaitTokenValid(Duration.ofSeconds(60));
        pipe.standIns.ingestion().expectDcr("dcr-not-this-one");
        String readyDuringEndpointMistake = readyDuringTheWindow(
                "\"status\":404", () -> pipe.standIns.ingestion().expectDcr(null));
        long notFound = pipe.standIns.ingestion().statusCounts().getOrDefault(404, 0L) - notFoundBefore;
        Thread.sleep(10_000);
        long endMs = System.currentTimeMillis();

        DeliveryCheck.Result r = DeliveryCheck.afterDrain(
                pipe.prom,
                pipe.standIns.ingestion().received(),
                SyntheticTarget.METRIC,
                GROUPS,
                startMs,
                endMs,
                Duration.ofSeconds(60));
        RemoteWriteCounters c = pipe.prom.remoteWrite();
        MetricsText metrics = pipe.proxy.metricsOrNull();
        note(String.format(
                "AADSTS70021 %ss then 404 %ss: %s; token requests refused %d; 404 answers %d; duplicates %d;"
                        + " statuses %s; prometheus failed=%.0f dropped=%.0f retried=%.0f",
                WINDOW.toSeconds(),
                WINDOW.toSeconds(),
                r,
                refused,
                notFound,
                pipe.standIns.ingestion().received().duplicates(),
                pipe.standIns.ingestion().statusCounts(),
                c.samplesFailed(),
                c.samplesDropped(),
                c.samplesRetried()));
        note("/ready during the identity mistake: " + readyDuringIdentityMistake);
        note("/ready during the endpoint mistake: " + readyDuringEndpointMistake);

        assertThat(refused).as("Entra refused token requests during the window").isGreaterThan(0);
        assertThat(notFound)
                .as("the ingestion endpoint answered 404 during the window")
                .isGreaterThan(0);
        assertThat(readyDuringIdentityMistake).contains("AADSTS70021");
        assertThat(readyDuringEndpointMistake)
                .contains("\"upstream\"")
                .contains("\"status\":404")
                .contains("upstream_not_found");
        assertThat(r.expected()).as("samples scraped").isGreaterThan(0);
        assertThat(r.missing())
                .as("samples scraped but never accepted: %s; logs in %s", r, pipe.work)
                .isZero();
        assertThat(c.samplesFailed()).as("samples Prometheus failed").isZero();
        assertThat(c.samplesDropped()).as("samples Prometheus dropped").isZero();
        assertThat(metrics).as("proxy metrics").isNotNull();
        assertThat(metrics.sum("azmon_rw_proxy_token_failures_total", l -> "AADSTS70021".equals(l.get("reason"))))
                .isGreaterThan(0);
        assertThat(metrics.sum("azmon_rw_proxy_requests_total", l -> "upstream_not_found".equals(l.get("outcome"))))
                .isGreaterThan(0);
    }
}
