package io.azmonrw.proxy.decode;

import static org.assertj.core.api.Assertions.assertThat;

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
            CodedInputStream cis = CodedInputStream.newInstance(bytes);
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
            CodedInputStream cis = CodedInputStream.newInstance(bytes);
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
