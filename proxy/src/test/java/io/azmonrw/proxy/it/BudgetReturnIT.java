package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path out of a write gives its in-flight reservation back: the budget gauge returns to 0 and no leak is counted. */
class BudgetReturnIT {
    static final String INFLIGHT = "azmon_rw_proxy_inflight_bytes";
    static final String LEAKS = "azmon_rw_proxy_budget_leaks_total";

    @RegisterExtension
    final PlainProxyFixture fixture = new PlainProxyFixture(withTimeouts(Map.of()));

    /** {@code extra} with this test's idle and upstream timeouts (FramingIT and BudgetPropertiesIT use them too). */
    static Map<String, String> withTimeouts(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("IDLE_TIMEOUT", "5s", "UPSTREAM_TIMEOUT", "1s"));
        env.putAll(extra);
        return env;
    }

    /** The small-caps env for {@code ingestion}, with this test's timeouts. */
    static Map<String, String> env(IngestionStandIn ingestion) {
        return PlainProxyFixture.env(ingestion, withTimeouts(Map.of()));
    }

    static void budgetBackToZero(ProxyHarness proxy) throws InterruptedException {
        BadInputIT.waitFor(() -> proxy.metric(INFLIGHT) == 0, Duration.ofSeconds(15));
    }

    @Test
    void eightOversizedChunkedUploadsGetTheir413AndReturnTheBudget() throws Exception {
        for (int i = 0; i < 8; i++) {
            try (RawHttp c = new RawHttp(fixture.proxy().port)) {
                // one write: the proxy answers 413 and closes while a piecewise client would still be writing
                c.sendWhole(
                        RawHttp.WRITE_HEAD + "Transfer-Encoding: chunked\r\n\r\n",
                        RawHttp.chunked(new byte[3000]),
                        RawHttp.chunked(new byte[3000]));
                RawHttp.Response r = c.read();
                assertThat(r).isNotNull();
                assertThat(r.status()).isEqualTo(413);
                assertThat(c.closedByServer()).isTrue();
            }
            budgetBackToZero(fixture.proxy());
        }
        assertThat(fixture.proxy().writeOnNewConnection(Payloads.rw1(1, 1, 0)).statusCode())
                .isEqualTo(204);
        assertThat(fixture.proxy().metric(LEAKS)).isZero();
    }

    @Test
    void aWriteOverTheBudgetGets503AndBothReservationsComeBack() throws Exception {
        try (RawHttp holder = new RawHttp(fixture.proxy().port)) {
            holder.send(RawHttp.WRITE_HEAD + "Content-Length: 4000\r\n\r\n0123456789");
            BadInputIT.waitFor(() -> fixture.proxy().metric(INFLIGHT) == 4000, Duration.ofSeconds(10));
            assertThat(fixture.proxy().write(new byte[3000]).statusCode()).isEqualTo(503);
            assertThat(fixture.proxy().metric(INFLIGHT)).isEqualTo(4000);
        }
        budgetBackToZero(fixture.proxy());
        assertThat(fixture.proxy().metric(LEAKS)).isZero();
    }

    @Test
    void aClientAbortingMidBodyReturnsItsReservation() throws Exception {
        try (RawHttp c = new RawHttp(fixture.proxy().port)) {
            c.send(RawHttp.WRITE_HEAD + "Content-Length: 3000\r\n\r\n").send(new byte[1000]);
            BadInputIT.waitFor(() -> fixture.proxy().metric(INFLIGHT) == 3000, Duration.ofSeconds(10));
        }
        budgetBackToZero(fixture.proxy());
        assertThat(fixture.proxy().metric(LEAKS)).isZero();
    }

    @Test
    void anUpstreamFailureOrTimeoutReturnsTheReservation() throws Exception {
        fixture.ingestion().enqueue(500, Map.of());
        assertThat(fixture.proxy().write(Payloads.rw1(2, 2, 0)).statusCode()).isGreaterThanOrEqualTo(500);
        budgetBackToZero(fixture.proxy());
        fixture.ingestion().enqueueNoAnswer();
        assertThat(fixture.proxy().write(Payloads.rw1(2, 2, 0)).statusCode()).isGreaterThanOrEqualTo(500);
        budgetBackToZero(fixture.proxy());
        assertThat(fixture.proxy().metric(LEAKS)).isZero();
    }

    @Test
    void shutdownWithAnUploadInFlightReturnsItsReservation() throws Exception {
        Map<String, String> env = env(fixture.ingestion());
        env.put("SHUTDOWN_GRACE", "1s");
        env.put("IDLE_TIMEOUT", "60s");
        ProxyHarness other = new ProxyHarness(env, ProxyHarness.counting(new AtomicInteger()));
        try (RawHttp c = new RawHttp(other.port)) {
            c.send(RawHttp.WRITE_HEAD + "Content-Length: 3000\r\n\r\n").send(new byte[100]);
            BadInputIT.waitFor(() -> other.metric(INFLIGHT) == 3000, Duration.ofSeconds(10));
            other.close();
            assertThat(c.closedByServer()).isTrue();
        }
        budgetBackToZero(other);
        assertThat(other.metric(LEAKS)).isZero();
    }

    @Test
    void healthIsUpWithTheWritePathCheck() throws Exception {
        var r = fixture.proxy().get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("write-path");
    }
}
