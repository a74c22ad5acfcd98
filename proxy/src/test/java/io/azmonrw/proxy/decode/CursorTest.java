package io.azmonrw.proxy.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The raw cursor reads varints, tags and length prefixes as protobuf-java's {@code CodedInputStream} does: the
 * same values, and a failure exactly where protobuf-java fails.
 */
class CursorTest {

    @Property(tries = 500)
    void varintsMatchCodedInputStream(@ForAll @Size(max = 12) byte[] bytes) {
        Long expected;
        int expectedPos;
        try {
            // stream-backed: see tenContinuationBytesAreMalformed for the array fast path's one difference
            CodedInputStream cis = CodedInputStream.newInstance(new java.io.ByteArrayInputStream(bytes));
            expected = cis.readRawVarint64();
            expectedPos = cis.getTotalBytesRead();
        } catch (IOException e) {
            expected = null;
            expectedPos = -1;
        }
        Cursor cursor = new Cursor(bytes, 0);
        Long actual;
        try {
            actual = cursor.varint(bytes.length);
        } catch (DecodeException e) {
            assertThat(e.getMessage()).startsWith("invalid protobuf: ");
            actual = null;
        }
        assertThat(actual).isEqualTo(expected);
        if (expected != null) {
            assertThat(cursor.pos).isEqualTo(expectedPos);
        }
    }

    /**
     * A varint whose tenth byte still sets the continuation bit: protobuf-java's stream decoder and Go's protowire
     * (Prometheus' encoder) call it malformed; protobuf-java's byte[] fast path alone returns -1. We reject it.
     */
    @org.junit.jupiter.api.Test
    void tenContinuationBytesAreMalformed() throws IOException, DecodeException {
        byte[] bytes = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CodedInputStream.newInstance(new java.io.ByteArrayInputStream(bytes))
                                .readRawVarint64())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed varint");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Cursor(bytes, 0).varint(bytes.length))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("invalid protobuf: ");
        // nine continuation bytes and a last byte of 1: the largest valid ten-byte varint, -1 as an int64
        byte[] minusOne = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        Cursor c = new Cursor(minusOne, 0);
        assertThat(c.varint(minusOne.length)).isEqualTo(-1L);
        assertThat(c.pos).isEqualTo(10);
    }

    /** Every int64, written by protobuf-java at any offset with any bytes around it, reads back whole. */
    @Property(tries = 2000)
    void encodedLongsReadBackAtAnyOffset(
            @ForAll long value, @ForAll @Size(max = 9) byte[] before, @ForAll @Size(max = 9) byte[] after)
            throws IOException, DecodeException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream cos = com.google.protobuf.CodedOutputStream.newInstance(out);
        cos.writeRawBytes(before);
        cos.writeUInt64NoTag(value);
        int varintEnd = cos.getTotalBytesWritten();
        cos.writeRawBytes(after);
        cos.flush();
        byte[] bytes = out.toByteArray();
        Cursor cursor = new Cursor(bytes, before.length);
        assertThat(cursor.varint(bytes.length)).isEqualTo(value);
        assertThat(cursor.pos).isEqualTo(varintEnd);
        // the message ends right after the varint: the bytes behind it are never read
        Cursor bounded = new Cursor(bytes, before.length);
        assertThat(bounded.varint(varintEnd)).isEqualTo(value);
        // and one byte earlier it is truncated
        assertThatThrownBy(() -> new Cursor(bytes, before.length).varint(varintEnd - 1))
                .isInstanceOf(DecodeException.class);
    }

    @Property(tries = 500)
    void tagsAndLengthsMatchCodedInputStream(@ForAll @Size(max = 14) byte[] bytes) {
        String expected;
        try {
            CodedInputStream cis = CodedInputStream.newInstance(bytes);
            int tag = cis.readTag();
            if (tag == 0) {
                expected = "end";
            } else {
                cis.skipRawBytes(cis.readRawVarint32());
                expected = tag + "@" + cis.getTotalBytesRead();
            }
        } catch (IOException e) {
            expected = "error";
        }
        Cursor cursor = new Cursor(bytes, 0);
        String actual;
        try {
            int tag = cursor.tag(bytes.length);
            if (tag == 0) {
                actual = "end";
            } else {
                cursor.skipLen(bytes.length);
                actual = tag + "@" + cursor.pos;
            }
        } catch (DecodeException e) {
            assertThat(e.getMessage()).startsWith("invalid protobuf: ");
            actual = "error";
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 200)
    void aNestedEndBoundsReading(@ForAll @Size(min = 1, max = 12) byte[] bytes) {
        // reading inside a shorter enclosing message must not see the bytes after it
        int end = bytes.length - 1;
        Long expected;
        try {
            CodedInputStream cis = CodedInputStream.newInstance(new java.io.ByteArrayInputStream(bytes));
            cis.pushLimit(end);
            expected = cis.readRawVarint64();
        } catch (IOException e) {
            expected = null;
        }
        Long actual;
        try {
            actual = new Cursor(bytes, 0).varint(end);
        } catch (DecodeException e) {
            actual = null;
        }
        assertThat(actual).isEqualTo(expected);
    }
}
