package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/** Bad input never crashes or hangs the proxy, and never reaches the ingestion endpoint. */
class BadInputIT {
    @RegisterExtension
    final PlainProxyFixture fixture = new PlainProxyFixture(Map.of("IDLE_TIMEOUT", "1s", "UPSTREAM_TIMEOUT", "500ms"));

    @Test
    void wrongContentTypeIs415() throws Exception {
        assertThat(fixture.proxy()
                        .write(Payloads.rw1(1, 1, 0), "application/json", "snappy")
                        .statusCode())
                .isEqualTo(415);
        assertThat(fixture.proxy().write(Payloads.rw1(1, 1, 0), null, "snappy").statusCode())
                .isEqualTo(415);
        assertThat(fixture.ingestion().requests()).isEmpty();
    }

    @Test
    void missingOrUnknownContentEncodingIs415() throws Exception {
        assertThat(fixture.proxy()
                        .write(Payloads.rw1(1, 1, 0), "application/x-protobuf", null)
                        .statusCode())
                .isEqualTo(415);
        assertThat(fixture.proxy()
                        .write(Payloads.rw1(1, 1, 0), "application/x-protobuf", "gzip")
                        .statusCode())
                .isEqualTo(415);
        assertThat(fixture.ingestion().requests()).isEmpty();
    }

    @Test
    void corruptSnappyIs400WithOneLineReason() throws Exception {
        HttpResponse<String> r =
                fixture.proxy().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3});
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("\n").contains("\"error\":\"bad_request\"");
        assertThat(fixture.ingestion().requests()).isEmpty();
    }

    @Test
    void corruptProtobufIs400() throws Exception {
        byte[] garbage =
                Snappy.compress("this is not a protobuf message at all \u0000\u0001".getBytes(StandardCharsets.UTF_8));
        assertThat(fixture.proxy().write(garbage).statusCode()).isEqualTo(400);
        assertThat(fixture.ingestion().requests()).isEmpty();
    }

    @Test
    void emptyBodyIs400() throws Exception {
        HttpResponse<String> r = fixture.proxy().write(new byte[0]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("empty body");
    }

    @Test
    void oversizeBodyIs413() throws Exception {
        assertThat(fixture.proxy().write(new byte[5000]).statusCode()).isEqualTo(413);
        assertThat(fixture.ingestion().requests()).isEmpty();
    }

    @Test
    void oversizeDecodedBodyIs413() throws Exception {
        // 70 kB of zeros compress to far below MAX_BODY_BYTES but decode above MAX_DECODED_BYTES
        byte[] bomb = Snappy.compress(new byte[70_000]);
        assertThat(bomb.length).isLessThan(4096);
        assertThat(fixture.proxy().write(bomb).statusCode()).isEqualTo(413);
    }

    @Test
    void overTheInflightBudgetIs503AndStalledUploadsTimeOutAndFreeTheirBytes() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fixture.proxy().port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            // declares 4000 bytes (held against the 6000-byte budget), sends 10, then stalls
            out.write(("POST /api/v1/write HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                            + "Content-Encoding: snappy\r\nContent-Length: 4000\r\n\r\n0123456789")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            waitFor(() -> fixture.proxy().metric("azmon_rw_proxy_inflight_bytes") >= 4000, Duration.ofSeconds(5));
            HttpResponse<String> r = fixture.proxy().write(new byte[3000]);
            assertThat(r.statusCode()).isEqualTo(503);
            // IDLE_TIMEOUT=1s: the stalled connection is closed and its reservation returned
            int eof = s.getInputStream().read();
            assertThat(eof).isEqualTo(-1);
        }
        waitFor(() -> fixture.proxy().metric("azmon_rw_proxy_inflight_bytes") == 0, Duration.ofSeconds(5));
        assertThat(fixture.proxy().writeOnNewConnection(Payloads.rw1(1, 1, 0)).statusCode())
                .isEqualTo(204);
    }

    static void waitFor(java.util.function.BooleanSupplier cond, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(20);
        }
    }
}
