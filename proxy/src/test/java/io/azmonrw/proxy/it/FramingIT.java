package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/** Ambiguous framing, trickling headers and bodies that would be dropped in silence are refused by the proxy itself. */
class FramingIT {
    // the 2.0 body test forwards one correctly labelled 2.0 request, which UPSTREAM_RW2's default rejects
    @RegisterExtension
    final PlainProxyFixture fixture =
            new PlainProxyFixture(BudgetReturnIT.withTimeouts(Map.of("UPSTREAM_RW2", "forward")));

    private IngestionStandIn ingestion;
    private ProxyHarness proxy;

    @BeforeEach
    void bind() {
        ingestion = fixture.ingestion();
        proxy = fixture.proxy();
    }

    /** The trickle test swaps in a proxy of its own; the fixture closes only its own. */
    @AfterEach
    void closeOwnProxy() throws Exception {
        if (proxy != fixture.proxy()) {
            proxy.close();
        }
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndTheSmuggledRequestIsNeverAnswered() throws Exception {
        byte[] body = Payloads.rw1(1, 1, 0);
        try (RawHttp c = new RawHttp(proxy.port)) {
            // the chunked body ends early; what follows is a second request if the connection stayed open
            c.sendWhole(
                    RawHttp.WRITE_HEAD + "Content-Length: " + (body.length + 40)
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                    RawHttp.chunked(body),
                    RawHttp.ascii("0\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            RawHttp.Response r = c.read();
            assertThat(r).isNotNull();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("Content-Length and Transfer-Encoding");
            assertThat(c.read()).as("no answer to the smuggled request").isNull();
        }
        assertThat(ingestion.requests()).isEmpty();
    }

    @Test
    void anUnknownTransferCodingIs501AndTheConnectionCloses() throws Exception {
        byte[] body = Payloads.rw1(1, 1, 0);
        try (RawHttp c = new RawHttp(proxy.port)) {
            c.sendWhole(
                    RawHttp.WRITE_HEAD + "Transfer-Encoding: xchunked\r\n\r\n",
                    RawHttp.chunked(body),
                    RawHttp.ascii("0\r\n\r\n"));
            RawHttp.Response r = c.read();
            assertThat(r).isNotNull();
            assertThat(r.status()).isEqualTo(501);
            assertThat(c.read()).isNull();
        }
        try (RawHttp c = new RawHttp(proxy.port)) {
            c.sendWhole(
                    RawHttp.WRITE_HEAD + "Transfer-Encoding: gzip, chunked\r\n\r\n",
                    RawHttp.chunked(body),
                    RawHttp.ascii("0\r\n\r\n"));
            assertThat(c.read().status()).isEqualTo(501);
        }
        assertThat(ingestion.requests()).isEmpty();
    }

    @Test
    void aRequestHeadTricklingInIsCutOffByItsDeadline() throws Exception {
        java.util.Map<String, String> env = BudgetReturnIT.env(ingestion);
        env.put("IDLE_TIMEOUT", "30s");
        proxy.close();
        proxy = new ProxyHarness(env, ProxyHarness.counting(new AtomicInteger()));
        long start = System.nanoTime();
        boolean closed = false;
        try (RawHttp c = new RawHttp(proxy.port)) {
            c.timeout(500);
            c.send("POST /api/v1/write HTTP/1.1\r\n");
            // one header byte each 500 ms; IDLE_TIMEOUT (30 s) would be the later cut
            for (int i = 0; i < 50 && !closed; i++) {
                try {
                    c.send(i % 2 == 0 ? "X" : "-");
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                closed = c.closedByServer();
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(closed).as("closed within 25 s, before IDLE_TIMEOUT").isTrue();
        assertThat(seconds).isGreaterThanOrEqualTo(9).isLessThan(29);
        assertThat(proxy.writeOnNewConnection(Payloads.rw1(1, 1, 0)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aRemoteWrite2BodyUnderThe1ContentTypeIs415NamingThe2ContentType() throws Exception {
        byte[] v2 = Payloads.rw2(2, 3, 0);
        HttpResponse<String> r = proxy.write(v2, "application/x-protobuf", "snappy");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("proto=io.prometheus.write.v2.Request");
        assertThat(proxy.write(v2, "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy")
                        .statusCode())
                .isEqualTo(204);
        assertThat(ingestion.requests()).hasSize(1);
    }

    @Test
    void aLabelValueThatIsNotUtf8Is400FromTheProxy() throws Exception {
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        CodedOutputStream lo = CodedOutputStream.newInstance(label);
        lo.writeString(1, "__name__");
        lo.writeByteArray(2, new byte[] {'u', 'p', (byte) 0xc3, (byte) 0x28});
        lo.flush();
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        CodedOutputStream so = CodedOutputStream.newInstance(series);
        so.writeByteArray(1, label.toByteArray());
        so.flush();
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        CodedOutputStream ro = CodedOutputStream.newInstance(req);
        ro.writeByteArray(1, series.toByteArray());
        ro.flush();
        HttpResponse<String> r = proxy.write(Snappy.compress(req.toByteArray()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UTF-8");
        assertThat(ingestion.requests()).isEmpty();
    }
}
