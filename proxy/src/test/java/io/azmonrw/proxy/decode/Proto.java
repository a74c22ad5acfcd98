package io.azmonrw.proxy.decode;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test-side protobuf writer over protobuf-java's CodedOutputStream: builds messages field by field. */
final class Proto {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    interface Write {
        void to(CodedOutputStream out) throws IOException;
    }

    private Proto write(Write w) {
        try {
            w.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Proto uint(int field, long value) {
        return write(o -> o.writeUInt64(field, value));
    }

    Proto sint(int field, long value) {
        return write(o -> o.writeSInt64(field, value));
    }

    Proto dbl(int field, double value) {
        return write(o -> o.writeDouble(field, value));
    }

    Proto fixed32(int field, int value) {
        return write(o -> o.writeFixed32(field, value));
    }

    Proto str(int field, String value) {
        return write(o -> o.writeString(field, value));
    }

    Proto msg(int field, Proto message) {
        return write(o -> o.writeByteArray(field, message.bytes()));
    }

    /** A field with a raw wire type and raw payload, for malformed and unknown-field cases. */
    Proto tag(int field, int wireType) {
        return write(o -> o.writeTag(field, wireType));
    }

    Proto raw(byte... payload) {
        return write(o -> o.writeRawBytes(payload));
    }

    Proto group(int field, Proto body) {
        return write(o -> {
            o.writeTag(field, 3);
            o.writeRawBytes(body.bytes());
            o.writeTag(field, 4);
        });
    }

    Proto packedUints(int field, long... values) {
        int size = 0;
        for (long v : values) {
            size += CodedOutputStream.computeUInt64SizeNoTag(v);
        }
        int length = size;
        return write(o -> {
            o.writeTag(field, 2);
            o.writeUInt32NoTag(length);
            for (long v : values) {
                o.writeUInt64NoTag(v);
            }
        });
    }

    Proto packedSints(int field, long... values) {
        int size = 0;
        for (long v : values) {
            size += CodedOutputStream.computeSInt64SizeNoTag(v);
        }
        int length = size;
        return write(o -> {
            o.writeTag(field, 2);
            o.writeUInt32NoTag(length);
            for (long v : values) {
                o.writeSInt64NoTag(v);
            }
        });
    }

    Proto packedDoubles(int field, double... values) {
        return write(o -> {
            o.writeTag(field, 2);
            o.writeUInt32NoTag(8 * values.length);
            for (double v : values) {
                o.writeDoubleNoTag(v);
            }
        });
    }

    byte[] bytes() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
