package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.testkit.IngestionStandIn;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever point a chunked upload is cut off at (or finished), the in-flight budget returns to 0 and no leak is counted. */
class BudgetPropertiesIT {
    private static IngestionStandIn ingestion;
    private static ProxyHarness proxy;

    @BeforeContainer
    static void start() throws Exception {
        ingestion = IngestionStandIn.startPlainHttp();
        proxy = new ProxyHarness(BudgetReturnIT.env(ingestion), ProxyHarness.counting(new AtomicInteger()));
    }

    @AfterContainer
    static void stop() throws Exception {
        proxy.close();
        ingestion.close();
    }

    /**
     * @param total body bytes the client means to send (MAX_BODY_BYTES is 4096, so some are oversized)
     * @param chunkSize the size of each chunk
     * @param abortAt the byte of the body after which the client closes the socket; at or past total it finishes instead
     */
    @Property(tries = 40)
    void chunkedUploadsCutAnywhereReturnTheBudget(
            @ForAll @IntRange(min = 1, max = 7000) int total,
            @ForAll @IntRange(min = 1, max = 3000) int chunkSize,
            @ForAll @IntRange(min = 0, max = 8000) int abortAt,
            @ForAll boolean midChunk)
            throws Exception {
        try (RawHttp c = new RawHttp(proxy.port)) {
            c.send(RawHttp.WRITE_HEAD + "Transfer-Encoding: chunked\r\n\r\n");
            int sent = 0;
            boolean aborted = false;
            while (sent < total) {
                int n = Math.min(chunkSize, total - sent);
                if (sent + n > abortAt) {
                    if (midChunk) {
                        // the chunk header promises n bytes; only part of them come
                        c.send(Integer.toHexString(n) + "\r\n").send(new byte[Math.max(0, abortAt - sent)]);
                    }
                    aborted = true;
                    break;
                }
                try {
                    c.chunk(new byte[n]);
                } catch (java.io.IOException e) {
                    // the proxy already answered 413 or 503 and closed
                    aborted = true;
                    break;
                }
                sent += n;
            }
            if (!aborted) {
                try {
                    c.send("0\r\n\r\n");
                    c.read();
                } catch (java.io.IOException e) {
                    // closed after an early answer
                }
            }
        }
        BadInputIT.waitFor(() -> proxy.metric(BudgetReturnIT.INFLIGHT) == 0, Duration.ofSeconds(15));
        assertThat(proxy.metric(BudgetReturnIT.LEAKS)).isZero();
    }
}
