package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Payloads.exemplarV1;
import static io.azmonrw.proxy.decode.Payloads.exemplarV2;
import static io.azmonrw.proxy.decode.Payloads.floatHistogram;
import static io.azmonrw.proxy.decode.Payloads.intHistogram;
import static io.azmonrw.proxy.decode.Payloads.label;
import static io.azmonrw.proxy.decode.Payloads.metadataV2;
import static io.azmonrw.proxy.decode.Payloads.metricMetadata;
import static io.azmonrw.proxy.decode.Payloads.sample;
import static io.azmonrw.proxy.decode.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.xerial.snappy.Snappy;

/**
 * Randomly shaped requests count exactly what was put in; mutated ones (before or after snappy) either decode
 * with self-consistent counts or fail with a DecodeException, never anything else.
 */
class MutationPropertiesTest {
    private static final int CAP = 1 << 20;
    private static final RemoteWriteDecoder DECODER = new RemoteWriteDecoder(CAP);

    /** What one series holds; also its expected counts. */
    record SeriesShape(int labels, int samples, int histograms, int exemplars, int metadataType) {}

    record Request(RemoteWriteVersion version, List<SeriesShape> series, int metadata) {
        WriteStats expected() {
            long samples = series.stream().mapToLong(SeriesShape::samples).sum();
            long histograms = series.stream().mapToLong(SeriesShape::histograms).sum();
            long exemplars = series.stream().mapToLong(SeriesShape::exemplars).sum();
            long meta = version == RemoteWriteVersion.V1
                    ? metadata
                    : series.stream().filter(s -> s.metadataType() != 0).count();
            return new WriteStats(series.size(), samples, histograms, exemplars, meta);
        }

        byte[] encode() {
            Proto request = new Proto();
            if (version == RemoteWriteVersion.V2) {
                Payloads.symbols(request, "", "__name__", "m", "job", "j", "instance", "i", "trace_id", "t", "help");
            }
            int n = 0;
            for (SeriesShape s : series) {
                Proto ts = new Proto();
                for (int l = 0; l < s.labels(); l++) {
                    if (version == RemoteWriteVersion.V1) {
                        ts.msg(1, label("l" + l, "v" + n));
                    } else {
                        ts.packedUints(1, 1 + 2 * (l % 3), 2 + 2 * (l % 3));
                    }
                }
                for (int i = 0; i < s.samples(); i++) {
                    ts.msg(2, sample(i * 0.5, 1_700_000_000_000L + i));
                }
                int histogramField = version == RemoteWriteVersion.V1 ? 4 : 3;
                for (int i = 0; i < s.histograms(); i++) {
                    ts.msg(histogramField, (i & 1) == 0 ? intHistogram(i) : floatHistogram(i));
                }
                int exemplarField = version == RemoteWriteVersion.V1 ? 3 : 4;
                for (int i = 0; i < s.exemplars(); i++) {
                    ts.msg(
                            exemplarField,
                            version == RemoteWriteVersion.V1 ? exemplarV1("t" + i, i, i) : exemplarV2(i, i, 7, 8));
                }
                if (version == RemoteWriteVersion.V2) {
                    ts.msg(5, metadataV2(s.metadataType(), 0, 0));
                }
                request.msg(version == RemoteWriteVersion.V1 ? 1 : 5, ts);
                n++;
            }
            if (version == RemoteWriteVersion.V1) {
                for (int i = 0; i < metadata; i++) {
                    request.msg(3, metricMetadata(i % 8, "m" + i, "help", i % 2 == 0 ? "" : "seconds"));
                }
            }
            return request.bytes();
        }
    }

    /** One edit of a byte array; positions are fractions of its length so they fit any input. */
    record Mutation(int kind, double where, int length, byte value) {
        byte[] apply(byte[] in) {
            int at = Math.min(in.length, (int) (where * in.length));
            return switch (kind) {
                case 0 -> { // flip bits of one byte
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[Math.min(at, out.length - 1)] ^= value == 0 ? 1 : value;
                    }
                    yield out;
                }
                case 1 -> { // insert bytes
                    byte[] out = new byte[in.length + length];
                    System.arraycopy(in, 0, out, 0, at);
                    Arrays.fill(out, at, at + length, value);
                    System.arraycopy(in, at, out, at + length, in.length - at);
                    yield out;
                }
                case 2 -> { // delete bytes
                    int end = Math.min(in.length, at + length);
                    byte[] out = new byte[in.length - (end - at)];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, end, out, at, in.length - end);
                    yield out;
                }
                case 3 -> Arrays.copyOf(in, at); // truncate
                default -> { // overwrite a byte
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[Math.min(at, out.length - 1)] = value;
                    }
                    yield out;
                }
            };
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<SeriesShape> series = Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 7))
                .as(SeriesShape::new);
        return Combinators.combine(
                        Arbitraries.of(RemoteWriteVersion.class),
                        series.list().ofMaxSize(12),
                        Arbitraries.integers().between(0, 4))
                .as(Request::new);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.bytes())
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300)
    void generatedRequestsCountExactlyWhatTheyHold(@ForAll("requests") Request request) throws Exception {
        byte[] raw = request.encode();
        assertThat(DECODER.decode(Buffer.buffer(snappy(raw)), request.version()))
                .isEqualTo(request.expected());
        // the reference parser must agree too, or it would be no oracle for the mutated cases below
        assertThat(ReferenceParser.parse(raw, request.version())).isEqualTo(request.expected());
    }

    @Property(tries = 400)
    void protobufMutationsFailCleanlyOrCountConsistently(
            @ForAll("requests") Request request, @ForAll("mutations") List<Mutation> mutations) {
        byte[] raw = request.encode();
        for (Mutation m : mutations) {
            raw = m.apply(raw);
        }
        checkOutcome(snappy(raw), request.version());
    }

    @Property(tries = 400)
    void snappyMutationsFailCleanlyOrCountConsistently(
            @ForAll("requests") Request request, @ForAll("mutations") List<Mutation> mutations) {
        byte[] body = snappy(request.encode());
        for (Mutation m : mutations) {
            body = m.apply(body);
        }
        checkOutcome(body, request.version());
    }

    @Property(tries = 200)
    void decodedSizeOverTheCapIsTooLarge(
            @ForAll("requests") Request request, @ForAll @IntRange(min = -64, max = 64) int slack)
            throws DecodeException {
        byte[] raw = request.encode();
        long cap = Math.max(1, raw.length + slack);
        RemoteWriteDecoder capped = new RemoteWriteDecoder(cap);
        if (raw.length > cap) {
            try {
                capped.decode(Buffer.buffer(snappy(raw)), request.version());
                throw new AssertionError("decoded " + raw.length + " bytes under a cap of " + cap);
            } catch (DecodeException e) {
                assertThat(e.tooLarge()).as(e.getMessage()).isTrue();
            }
        } else {
            assertThat(capped.decode(Buffer.buffer(snappy(raw)), request.version()))
                    .isEqualTo(request.expected());
        }
    }

    private static void checkOutcome(byte[] body, RemoteWriteVersion version) {
        WriteStats stats;
        try {
            stats = DECODER.decode(Buffer.buffer(body), version);
        } catch (DecodeException e) {
            // the report shows how often mutations still decode, so the success branch is known to be exercised
            Statistics.collect("rejected");
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotStartWith("invalid protobuf (internal");
            // every input here decodes to far less than the cap
            assertThat(e.tooLarge()).as(e.getMessage()).isFalse();
            return;
        }
        Statistics.collect("decoded");
        byte[] raw;
        try {
            raw = Snappy.uncompress(body);
        } catch (IOException e) {
            throw new AssertionError("the decoder accepted a body snappy-java itself rejects", e);
        }
        int decoded = raw.length;
        // whatever the decoder accepts, protobuf-java's generic parser must parse to the same counts
        WriteStats reference;
        try {
            reference = ReferenceParser.parse(raw, version);
        } catch (IOException e) {
            throw new AssertionError("the decoder accepted " + stats + " where protobuf-java fails", e);
        }
        assertThat(stats.series()).isEqualTo(reference.series());
        assertThat(stats.samples()).isEqualTo(reference.samples());
        assertThat(stats.histograms()).isEqualTo(reference.histograms());
        assertThat(stats.exemplars()).isEqualTo(reference.exemplars());
        if (version == RemoteWriteVersion.V1) {
            assertThat(stats.metadata()).isEqualTo(reference.metadata());
        }
        assertThat(stats.series()).isNotNegative();
        assertThat(stats.samples()).isNotNegative();
        assertThat(stats.histograms()).isNotNegative();
        assertThat(stats.exemplars()).isNotNegative();
        assertThat(stats.metadata()).isNotNegative();
        // every counted entity is a length-delimited field: at least a tag byte and a length byte
        assertThat(2 * (stats.series() + stats.samples() + stats.histograms() + stats.exemplars()))
                .isLessThanOrEqualTo(decoded);
        if (version == RemoteWriteVersion.V2) {
            assertThat(stats.metadata()).isLessThanOrEqualTo(stats.series());
        } else {
            assertThat(2 * stats.metadata()).isLessThanOrEqualTo(decoded);
        }
    }
}
