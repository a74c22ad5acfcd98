package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Payloads.body;
import static io.azmonrw.proxy.decode.Payloads.exemplarV1;
import static io.azmonrw.proxy.decode.Payloads.exemplarV2;
import static io.azmonrw.proxy.decode.Payloads.floatHistogram;
import static io.azmonrw.proxy.decode.Payloads.intHistogram;
import static io.azmonrw.proxy.decode.Payloads.label;
import static io.azmonrw.proxy.decode.Payloads.metadataV2;
import static io.azmonrw.proxy.decode.Payloads.metricMetadata;
import static io.azmonrw.proxy.decode.Payloads.sample;
import static io.azmonrw.proxy.decode.Payloads.snappy;
import static io.azmonrw.proxy.decode.Payloads.symbols;
import static io.azmonrw.proxy.decode.RemoteWriteVersion.V1;
import static io.azmonrw.proxy.decode.RemoteWriteVersion.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Payloads written field by field with CodedOutputStream; the expected counts are known by construction. */
class HandBuiltPayloadTest {
    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1 << 20);

    /** 3 series: 6 float samples, 3 histograms (2 int, 1 float), 2 exemplars; 4 metadata entries. */
    static Proto rw1Request() {
        Proto series1 =
                new Proto().msg(1, label("__name__", "http_requests_total")).msg(1, label("job", "api"));
        for (int i = 0; i < 5; i++) {
            series1.msg(2, sample(i, 1_700_000_000_000L + i));
        }
        series1.msg(3, exemplarV1("abc", 1.5, 1_700_000_000_001L)).msg(3, exemplarV1("def", 2.5, 1_700_000_000_002L));
        Proto series2 = new Proto()
                .msg(1, label("__name__", "latency_seconds"))
                .msg(4, intHistogram(1))
                .msg(4, floatHistogram(2))
                .msg(4, intHistogram(3));
        Proto series3 = new Proto().msg(1, label("__name__", "up")).msg(2, sample(1, 5));
        return new Proto()
                .msg(1, series1)
                .msg(1, series2)
                .msg(1, series3)
                .msg(3, metricMetadata(1, "http_requests_total", "Requests.", ""))
                .msg(3, metricMetadata(2, "up", "Up.", ""))
                .msg(3, metricMetadata(7, "latency_seconds", "Latency.", "seconds"))
                .msg(3, metricMetadata(0, "x", "", ""));
    }

    @Test
    void countsRemoteWrite1SamplesHistogramsExemplarsAndMetadata() throws DecodeException {
        assertThat(decoder.decode(body(rw1Request()), V1)).isEqualTo(new WriteStats(3, 6, 3, 2, 4));
    }

    /**
     * 4 series over one symbols table. Metadata counts series 1 (counter, help, unit) and 2 (unit only);
     * series 3 carries an all-zero metadata message and series 4 none, so neither counts.
     */
    static Proto rw2Request() {
        Proto request = symbols(
                new Proto(),
                "",
                "__name__",
                "http_requests_total",
                "job",
                "api",
                "Requests.",
                "seconds",
                "trace_id",
                "abc",
                "latency_seconds",
                "up");
        Proto series1 = new Proto()
                .packedUints(1, 1, 2, 3, 4)
                .msg(2, sample(1, 10))
                .msg(2, sample(2, 20))
                .msg(2, sample(3, 30))
                .msg(4, exemplarV2(0.5, 11, 7, 8))
                .msg(4, exemplarV2(0.7, 12))
                .msg(5, metadataV2(1, 5, 6))
                .uint(6, 1_600_000_000_000L);
        Proto series2 = new Proto()
                .packedUints(1, 1, 9)
                .msg(3, intHistogram(10))
                .msg(3, floatHistogram(20))
                .msg(4, exemplarV2(0.9, 13, 7, 8))
                .msg(5, metadataV2(0, 0, 6));
        Proto series3 = new Proto().packedUints(1, 1, 10).msg(2, sample(1, 10)).msg(5, metadataV2(0, 0, 0));
        // unpacked label refs are legal protobuf for a repeated uint32
        Proto series4 = new Proto().uint(1, 1).uint(1, 10).msg(2, sample(0, 40)).msg(2, sample(0, 50));
        return request.msg(5, series1).msg(5, series2).msg(5, series3).msg(5, series4);
    }

    @Test
    void countsRemoteWrite2SamplesHistogramsExemplarsAndMetadata() throws DecodeException {
        assertThat(decoder.decode(body(rw2Request()), V2)).isEqualTo(new WriteStats(4, 6, 2, 3, 2));
    }

    @Test
    void acceptsSymbolsAfterTimeseries() throws DecodeException {
        Proto request = new Proto().msg(5, new Proto().packedUints(1, 1, 2).msg(2, sample(1, 1)));
        symbols(request, "", "__name__", "up");
        assertThat(decoder.decode(body(request), V2)).isEqualTo(new WriteStats(1, 1, 0, 0, 0));
    }

    @Test
    void emptyRequestsCountNothing() throws DecodeException {
        assertThat(decoder.decode(body(new Proto()), V1)).isEqualTo(WriteStats.EMPTY);
        assertThat(decoder.decode(body(new Proto()), V2)).isEqualTo(WriteStats.EMPTY);
    }

    @Test
    void skipsUnknownFieldsOfEveryWireTypeIncludingGroups() throws DecodeException {
        Proto unknowns = new Proto()
                .uint(20, 7)
                .dbl(21, 1)
                .str(22, "x")
                .fixed32(23, 5)
                .group(24, new Proto().uint(1, 1).group(2, new Proto().str(3, "nested")));
        Proto series = new Proto()
                .msg(1, label("a", "b"))
                .raw(unknowns.bytes())
                .msg(2, new Proto().dbl(1, 1).uint(2, 2).raw(unknowns.bytes()));
        Proto request =
                new Proto().raw(unknowns.bytes()).msg(1, series).uint(2, 9).raw(unknowns.bytes());
        assertThat(decoder.decode(body(request), V1)).isEqualTo(new WriteStats(1, 1, 0, 0, 0));
    }

    @Test
    void acceptsAHeapBufferSliceAndAnOffHeapBuffer() throws DecodeException {
        byte[] compressed = snappy(rw1Request().bytes());
        byte[] padded = new byte[compressed.length + 10];
        System.arraycopy(compressed, 0, padded, 5, compressed.length);
        Buffer slice = Buffer.buffer(padded).slice(5, 5 + compressed.length);
        assertThat(decoder.decode(slice, V1)).isEqualTo(new WriteStats(3, 6, 3, 2, 4));
        ByteBuf direct = Unpooled.directBuffer(compressed.length).writeBytes(compressed);
        try {
            assertThat(decoder.decode(BufferInternal.buffer(direct), V1)).isEqualTo(new WriteStats(3, 6, 3, 2, 4));
        } finally {
            direct.release();
        }
    }

    @Test
    void bodiesLargerThanTheRetainedBufferStillDecode() throws DecodeException {
        RemoteWriteDecoder small = new RemoteWriteDecoder(1 << 20, 16);
        for (int i = 0; i < 3; i++) {
            assertThat(small.decode(body(rw2Request()), V2)).isEqualTo(new WriteStats(4, 6, 2, 3, 2));
        }
    }

    @Test
    void oneDecoderServesManyThreadsAtOnce() throws Exception {
        // a retained size between the two payloads' decoded sizes exercises both the reused and one-off arrays
        RemoteWriteDecoder shared = new RemoteWriteDecoder(1 << 20, rw2Request().bytes().length);
        Buffer big = body(rw1Request());
        Buffer small = body(rw2Request());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        if (!shared.decode(big, V1).equals(new WriteStats(3, 6, 3, 2, 4))
                                || !shared.decode(small, V2).equals(new WriteStats(4, 6, 2, 3, 2))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- rejections

    private void rejects(Proto message, RemoteWriteVersion version, String reason) {
        assertThatThrownBy(() -> decoder.decode(body(message), version))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((DecodeException) e).tooLarge()).isFalse());
    }

    @Test
    void rejectsEmptyBody() {
        assertThatThrownBy(() -> decoder.decode(Buffer.buffer(), V1)).hasMessage("empty body");
    }

    @Test
    void rejectsCorruptSnappy() {
        byte[] compressed = snappy(rw1Request().bytes());
        byte[] corrupt = Arrays.copyOf(compressed, compressed.length - 7);
        assertThatThrownBy(() -> decoder.decode(Buffer.buffer(corrupt), V1))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("invalid snappy block");
        // raw protobuf without snappy framing
        assertThatThrownBy(() -> decoder.decode(Buffer.buffer(rw1Request().bytes()), V1))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void rejectsDecodedSizeOverTheCapAs413() {
        byte[] raw = rw1Request().bytes();
        RemoteWriteDecoder capped = new RemoteWriteDecoder(raw.length - 1);
        assertThatThrownBy(() -> capped.decode(Buffer.buffer(snappy(raw)), V1))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).tooLarge()).isTrue());
    }

    @Test
    void rejectsAClaimedSizeNoSnappyBlockCanReachWithoutAllocatingIt() {
        // header: 200 MiB as a varint, then 3 bytes; under the 1 GiB cap, but snappy expands at most ~21x
        byte[] lie = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x64, 0, 0, 0};
        RemoteWriteDecoder big = new RemoteWriteDecoder(1L << 30);
        assertThatThrownBy(() -> big.decode(Buffer.buffer(lie), V1))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("invalid snappy block")
                .satisfies(e -> assertThat(((DecodeException) e).tooLarge()).isFalse());
    }

    @Test
    void highlyCompressibleBodiesStillDecode() throws DecodeException {
        // one series with a 1 MiB label value of zeros: snappy's best case, just under the 22x bound
        Proto request = new Proto()
                .msg(1, new Proto().msg(1, label("a", "0".repeat(1 << 20))).msg(2, sample(1, 1)));
        assertThat(new RemoteWriteDecoder(4 << 20).decode(body(request), V1)).isEqualTo(new WriteStats(1, 1, 0, 0, 0));
    }

    @Test
    void rejectsSeriesWithoutLabels() {
        rejects(new Proto().msg(1, new Proto().msg(2, sample(1, 1))), V1, "timeseries[0] has no labels");
        Proto request = symbols(new Proto(), "", "a").msg(5, new Proto().msg(2, sample(1, 1)));
        rejects(request, V2, "timeseries[0] has no labels");
    }

    @Test
    void rejectsOddLabelReferences() {
        rejects(
                symbols(new Proto(), "", "a", "b").msg(5, new Proto().packedUints(1, 1, 2, 1)),
                V2,
                "odd number of label references");
        rejects(
                symbols(new Proto(), "", "a", "b")
                        .msg(5, new Proto().packedUints(1, 1, 2).msg(4, exemplarV2(1, 1, 1))),
                V2,
                "exemplar has an odd");
    }

    @Test
    void rejectsReferencesOutsideTheSymbolsTable() {
        rejects(
                symbols(new Proto(), "", "a", "b").msg(5, new Proto().packedUints(1, 1, 3)),
                V2,
                "symbol reference 3 is outside the symbols table (3 symbols)");
        rejects(
                symbols(new Proto(), "", "a", "b")
                        .msg(5, new Proto().packedUints(1, 1, 2).msg(5, metadataV2(1, 0, 9))),
                V2,
                "symbol reference 9");
        rejects(new Proto().msg(5, new Proto().packedUints(1, 0, 0)), V2, "outside the symbols table (0 symbols)");
    }

    @Test
    void rejectsANonEmptyFirstSymbol() {
        rejects(
                symbols(new Proto(), "a", "").msg(5, new Proto().packedUints(1, 1, 0)),
                V2,
                "symbols[0] must be the empty string");
    }

    @Test
    void rejectsARemoteWrite1BodySentAs2() {
        rejects(rw1Request(), V2, "reserved");
    }

    @Test
    void rejectsWrongWireTypesOfKnownFields() {
        rejects(new Proto().uint(1, 5), V1, "wrong wire type 0 for field 1");
        rejects(new Proto().msg(1, new Proto().msg(1, label("a", "b")).dbl(2, 1)), V1, "wrong wire type 1");
        rejects(
                new Proto().msg(1, new Proto().msg(1, label("a", "b")).msg(2, new Proto().uint(1, 1))),
                V1,
                "sample: wrong wire type 0 for field 1");
        rejects(
                new Proto().msg(1, new Proto().msg(1, label("a", "b")).msg(4, new Proto().str(4, "x"))),
                V1,
                "histogram: wrong wire type 2 for field 4");
        rejects(new Proto().msg(1, new Proto().msg(1, new Proto().uint(1, 3))), V1, "label: wrong wire type");
        rejects(new Proto().msg(3, new Proto().str(1, "counter")), V1, "metadata: wrong wire type");
        rejects(
                symbols(new Proto(), "", "a")
                        .msg(5, new Proto().packedUints(1, 1, 1).uint(2, 1)),
                V2,
                "wrong wire type");
        rejects(new Proto().uint(4, 1), V2, "wrong wire type");
    }

    @Test
    void rejectsPackedDoublesOfABadLength() {
        Proto histogram = new Proto()
                .tag(13, 2)
                .raw((byte) 7, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7);
        rejects(new Proto().msg(1, new Proto().msg(1, label("a", "b")).msg(4, histogram)), V1, "not a multiple of 8");
    }

    @Test
    void rejectsTruncatedAndOverlongMessages() {
        byte[] raw = rw1Request().bytes();
        assertThatThrownBy(() -> decoder.decode(Buffer.buffer(snappy(Arrays.copyOf(raw, raw.length - 3))), V1))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("invalid protobuf");
        // an inner length that runs past its enclosing message
        Proto request = new Proto().tag(1, 2).raw((byte) 4, (byte) 0x0a, (byte) 10, (byte) 0, (byte) 0);
        rejects(request, V1, "invalid protobuf");
    }

    @Test
    void rejectsHostileGroupNestingWithoutOverflowingTheStack() {
        byte[] deep = new byte[100_000];
        // field 15 keeps the tag in one byte
        Arrays.fill(deep, (byte) ((15 << 3) | 3));
        rejects(new Proto().raw(deep), V1, "groups nested deeper than");
        rejects(new Proto().tag(25, 3).uint(1, 1), V1, "unterminated group");
        rejects(new Proto().tag(25, 3).tag(26, 4), V1, "unmatched end-group");
        rejects(new Proto().tag(25, 4), V1, "unmatched end-group");
    }

    @Test
    void rejectsInvalidWireTypes() {
        rejects(new Proto().raw((byte) ((2 << 3) | 6)), V1, "invalid wire type 6");
        rejects(new Proto().raw((byte) ((9 << 3) | 7)), V2, "invalid wire type 7");
    }
}
