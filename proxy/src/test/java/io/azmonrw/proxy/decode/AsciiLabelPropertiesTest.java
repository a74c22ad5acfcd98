package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Payloads.body;
import static io.azmonrw.proxy.decode.Payloads.label;
import static io.azmonrw.proxy.decode.Payloads.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Labels whose bytes are all ASCII, the shape the 1.0 scanner skips in one pass (Cursor.skipAsciiPair): the decoder
 * accepts exactly the labels protobuf-java's own reader finds well-formed, and counts the series around them exactly.
 * The label sits between two ordinary labels so that a fast path reading too far or too little shows as a refusal
 * or a wrong count.
 */
class AsciiLabelPropertiesTest {
    private static final RemoteWriteDecoder DECODER = new RemoteWriteDecoder(1 << 20);

    @Property(tries = 1000)
    void asciiLabelsAreAcceptedExactlyWhenProtobufJavaReadsThemAsLabels(@ForAll("asciiLabels") byte[] label)
            throws DecodeException {
        Proto series = new Proto()
                .msg(1, label("__name__", "up"))
                .msg(1, new Proto().raw(label))
                .msg(1, label("job", "node"))
                .msg(2, sample(1, 1_700_000_000_000L));
        Proto request = new Proto()
                .msg(1, series)
                .msg(1, new Proto().msg(1, label("a", "b")).msg(2, sample(2, 2)));
        if (wellFormedLabel(label)) {
            Statistics.collect("accepted");
            assertThat(DECODER.decode(body(request), RemoteWriteVersion.V1)).isEqualTo(new WriteStats(2, 2, 0, 0, 0));
        } else {
            Statistics.collect("refused");
            assertThatThrownBy(() -> DECODER.decode(body(request), RemoteWriteVersion.V1))
                    .isInstanceOf(DecodeException.class)
                    .satisfies(e -> assertThat(((DecodeException) e).kind()).isEqualTo(DecodeException.Kind.BAD))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith("invalid protobuf (internal"));
        }
    }

    /** Random ASCII bytes, and name-then-value labels whose tags, lengths and tail are bent a little. */
    @Provide
    Arbitrary<byte[]> asciiLabels() {
        Arbitrary<byte[]> random = Arbitraries.bytes()
                .between((byte) 0, (byte) 127)
                .array(byte[].class)
                .ofMaxSize(40);
        Arbitrary<String> text = Arbitraries.strings().ascii().ofMaxLength(40);
        // mostly the exact lengths, so that half the bent labels keep the shape
        Arbitrary<Integer> slack = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-2, 2)));
        Arbitrary<byte[]> bent = Combinators.combine(
                        text,
                        text,
                        slack,
                        slack,
                        Arbitraries.frequency(
                                Tuple.of(8, 0x12), Tuple.of(1, 0x0A), Tuple.of(1, 0x08), Tuple.of(1, 0x1A)),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(new byte[0])), Tuple.of(1, random)))
                .as((name, value, nameSlack, valueSlack, secondTag, tail) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(0x0A);
                    out.write(Math.max(0, name.length() + nameSlack));
                    out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(secondTag);
                    out.write(Math.max(0, value.length() + valueSlack));
                    out.writeBytes(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.writeBytes(tail);
                    return out.toByteArray();
                });
        return Arbitraries.oneOf(random, bent, bent);
    }

    /**
     * prompb's Label read by protobuf-java's CodedInputStream: name = 1 and value = 2 as length-delimited fields
     * (ASCII is valid UTF-8), other fields skipped; a known field with another wire type, a stray end-group or any
     * malformed field makes it no Label.
     */
    private static boolean wellFormedLabel(byte[] label) {
        CodedInputStream in = CodedInputStream.newInstance(label);
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (field == 1 || field == 2) {
                    if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        return false;
                    }
                    in.readBytes();
                } else if (wireType == WireFormat.WIRETYPE_END_GROUP || !in.skipField(tag)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
