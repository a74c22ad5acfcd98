package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Payloads.body;
import static io.azmonrw.proxy.decode.Payloads.label;
import static io.azmonrw.proxy.decode.Payloads.sample;
import static io.azmonrw.proxy.decode.RemoteWriteVersion.V1;
import static io.azmonrw.proxy.decode.RemoteWriteVersion.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No body is acknowledged and dropped: a 2.0 body under the 1.0 Content-Type, non-UTF-8 label strings; and the decode budget. */
class SilentDropAndUtf8Test {
    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1 << 20);

    private static Proto bytesField(Proto p, int field, byte[] raw) {
        return p.tag(field, 2).raw((byte) raw.length).raw(raw);
    }

    private static Proto rw2Request() {
        Proto series = new Proto().packedUints(1, 1, 2).msg(2, sample(1, 1_700_000_000_000L));
        return new Proto().str(4, "").str(4, "__name__").str(4, "up").msg(5, series);
    }

    @Test
    void remoteWrite2BodyUnderThe1ContentTypeIsRefusedNamingThe2ContentType() throws DecodeException {
        assertThat(decoder.decode(body(rw2Request()), V2).series()).isEqualTo(1);
        assertThatThrownBy(() -> decoder.decode(body(rw2Request()), V1))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.kind()).isEqualTo(DecodeException.Kind.WRONG_VERSION))
                .hasMessageContaining("application/x-protobuf;proto=io.prometheus.write.v2.Request");
        // symbols alone (field 4) are 2.0 too
        assertThatThrownBy(() -> decoder.decode(body(new Proto().str(4, "").str(4, "a")), V1))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.kind()).isEqualTo(DecodeException.Kind.WRONG_VERSION));
    }

    @Test
    void emptyButValidRequestsStayAccepted() throws DecodeException {
        // an empty message compresses to one byte (length 0); a metadata-only 1.0 request has no series either
        Buffer empty = Buffer.buffer(Payloads.snappy(new byte[0]));
        assertThat(decoder.decode(empty, V1)).isEqualTo(WriteStats.EMPTY);
        assertThat(decoder.decode(empty, V2)).isEqualTo(WriteStats.EMPTY);
        assertThat(decoder.decode(body(new Proto().msg(3, Payloads.metricMetadata(1, "up", "Up.", ""))), V1)
                        .metadata())
                .isEqualTo(1);
    }

    /** Byte strings a strict UTF-8 decoder (the JDK's, reporting errors) refuses or accepts. */
    private static final List<byte[]> STRINGS = List.of(
            "plain".getBytes(StandardCharsets.UTF_8),
            "ñ€😀".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {'a', (byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80},
            // past the eight-byte ASCII steps: a bad or a good byte after them, and inside the second word
            "abcdefghijk\u00f1".getBytes(StandardCharsets.UTF_8),
            "abcdefghijklmnopq".getBytes(StandardCharsets.UTF_8),
            new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', (byte) 0xff, 'k', 'l', 'm', 'n', 'o', 'p', 'q'
            },
            new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', (byte) 0xc3});

    private static boolean jdkAccepts(byte[] s) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void labelNamesValuesAndSymbolsMustBeUtf8AsTheJdkDecodesIt() {
        for (byte[] s : STRINGS) {
            boolean valid = jdkAccepts(s);
            Proto nameLabel = bytesField(new Proto(), 1, s).str(2, "v");
            Proto valueLabel = new Proto().str(1, "job");
            bytesField(valueLabel, 2, s);
            Proto v1Name = new Proto().msg(1, new Proto().msg(1, nameLabel).msg(2, sample(1, 1)));
            Proto v1Value = new Proto()
                    .msg(
                            1,
                            new Proto()
                                    .msg(1, label("__name__", "up"))
                                    .msg(1, valueLabel)
                                    .msg(2, sample(1, 1)));
            Proto v2 = bytesField(new Proto().str(4, ""), 4, s)
                    .msg(5, new Proto().packedUints(1, 1, 1).msg(2, sample(1, 1)));
            for (Object[] c : new Object[][] {{v1Name, V1}, {v1Value, V1}, {v2, V2}}) {
                Buffer b = body((Proto) c[0]);
                RemoteWriteVersion v = (RemoteWriteVersion) c[1];
                if (valid) {
                    assertThat(decodes(b, v))
                            .as("%s accepted", java.util.Arrays.toString(s))
                            .isNull();
                } else {
                    assertThat(decodes(b, v))
                            .as("%s refused", java.util.Arrays.toString(s))
                            .isNotNull()
                            .satisfies(e -> assertThat(e.kind()).isEqualTo(DecodeException.Kind.BAD))
                            .satisfies(e -> assertThat(e.getMessage()).contains("UTF-8"));
                }
            }
        }
    }

    private DecodeException decodes(Buffer b, RemoteWriteVersion v) {
        try {
            decoder.decode(b, v);
            return null;
        } catch (DecodeException e) {
            return e;
        }
    }

    @Test
    void aDecodeBeyondTheDecodeBudgetIsBusyAndHoldsNothingAfterwards() throws DecodeException {
        Proto big = new Proto();
        for (int i = 0; i < 50; i++) {
            big.msg(1, new Proto().msg(1, label("__name__", "metric_" + i)).msg(2, sample(i, i)));
        }
        int decodedSize = big.bytes().length;
        RemoteWriteDecoder tight = new RemoteWriteDecoder(1 << 20, 0, decodedSize - 1);
        assertThatThrownBy(() -> tight.decode(body(big), V1))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.kind()).isEqualTo(DecodeException.Kind.BUSY));
        assertThat(tight.decodingBytes()).isZero();
        RemoteWriteDecoder fits = new RemoteWriteDecoder(1 << 20, 0, decodedSize);
        assertThat(fits.decode(body(big), V1).series()).isEqualTo(50);
        assertThat(fits.decodingBytes()).isZero();
    }
}
