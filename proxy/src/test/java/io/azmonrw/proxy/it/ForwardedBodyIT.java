package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The body goes upstream as the very bytes that came in, however it was split on the way in: the proxy keeps the
 * received chunks and forwards them as they are (no reassembled copy), and still decodes and counts every sample.
 */
class ForwardedBodyIT {
    @Test
    void aBodyUploadedInManySmallChunksIsForwardedByteForByteAndCounted() throws Exception {
        // 400 series of 3 samples each: the expected count comes from how the payload was built
        byte[] body = Payloads.rw1(400, 3, 1_700_000_000_000L);
        try (IngestionStandIn ingestion = IngestionStandIn.startPlainHttp();
                ProxyHarness proxy = new ProxyHarness(
                        ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test")),
                        ProxyHarness.counting(new AtomicInteger()));
                RawHttp c = new RawHttp(proxy.port)) {
            c.send(RawHttp.WRITE_HEAD + "Transfer-Encoding: chunked\r\n\r\n");
            for (int off = 0; off < body.length; off += 700) {
                c.chunk(Arrays.copyOfRange(body, off, Math.min(body.length, off + 700)));
            }
            c.send("0\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(204);
            assertThat(ingestion.requests()).hasSize(1);
            assertThat(ingestion.requests().get(0).body()).isEqualTo(body);
            assertThat(proxy.metric("azmon_rw_proxy_samples_total{result=\"forwarded\"}"))
                    .isEqualTo(1200.0);
            assertThat(proxy.metric("azmon_rw_proxy_series_total{result=\"forwarded\"}"))
                    .isEqualTo(400.0);
        }
    }

    @Test
    void aLargeBodyDecodedOffTheEventLoopIsForwardedByteForByteAndResentAsItIsAfterA401() throws Exception {
        // past the inline-decode size, so it is decoded on the worker from the chunks, and sent twice (token refresh)
        int series = 8000;
        byte[] body;
        while ((body = Payloads.rw1(series, 4, 1_700_000_000_000L)).length <= 160 * 1024) {
            series *= 2;
        }
        try (IngestionStandIn ingestion = IngestionStandIn.startPlainHttp()) {
            ingestion.enqueue(401, Map.of());
            Map<String, String> env = ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test"));
            try (ProxyHarness proxy = new ProxyHarness(env, ProxyHarness.counting(new AtomicInteger()));
                    RawHttp c = new RawHttp(proxy.port)) {
                c.send(RawHttp.WRITE_HEAD + "Content-Length: " + body.length + "\r\n\r\n");
                // in pieces, flushed one by one, so that the proxy reads it in several chunks
                for (int off = 0; off < body.length; off += 16 * 1024) {
                    c.send(Arrays.copyOfRange(body, off, Math.min(body.length, off + 16 * 1024)));
                    Thread.sleep(2);
                }
                assertThat(c.read().status()).isEqualTo(204);
                assertThat(ingestion.requests()).hasSize(2);
                assertThat(ingestion.requests().get(0).body()).isEqualTo(body);
                assertThat(ingestion.requests().get(1).body()).isEqualTo(body);
                assertThat(proxy.metric("azmon_rw_proxy_samples_total{result=\"forwarded\"}"))
                        .isEqualTo(series * 4.0);
            }
        }
    }
}
