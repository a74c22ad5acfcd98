package io.azmonrw.proxy.decode;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;

/** Protobuf wire-level helpers shared by the 1.0 and 2.0 scanners: tags, nested limits, skipping, histograms. */
final class Wire {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int I32 = 5;

    /** Deeper group nesting than this is not something any remote-write sender produces. */
    private static final int MAX_GROUP_DEPTH = 32;

    private Wire() {
    }

    static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    static int field(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    /** Reads a length prefix and narrows the stream to it; returns the previous limit for {@code popLimit}. */
    static int enter(CodedInputStream in) throws IOException {
        // pushLimit rejects negative lengths and lengths past the enclosing message's end
        return in.pushLimit(in.readRawVarint32());
    }

    static void skipLen(CodedInputStream in) throws IOException {
        in.skipRawBytes(in.readRawVarint32());
    }

    static DecodeException wrongWireType(String what, int tag) {
        return new DecodeException(what + ": wrong wire type " + wireType(tag) + " for field " + field(tag));
    }

    /**
     * Skips one unknown field. Groups are skipped iteratively with a depth cap, unlike
     * {@code CodedInputStream.skipField}, which recurses and could overflow the stack on hostile input.
     */
    static void skip(CodedInputStream in, int tag) throws IOException, DecodeException {
        int depth = 0;
        int[] openFields = null;
        int current = tag;
        while (true) {
            switch (wireType(current)) {
                case VARINT -> in.readRawVarint64();
                case I64 -> in.skipRawBytes(8);
                case LEN -> skipLen(in);
                case I32 -> in.skipRawBytes(4);
                case START_GROUP -> {
                    if (depth == MAX_GROUP_DEPTH) {
                        throw new DecodeException("groups nested deeper than " + MAX_GROUP_DEPTH);
                    }
                    if (openFields == null) {
                        openFields = new int[MAX_GROUP_DEPTH];
                    }
                    openFields[depth++] = field(current);
                }
                case END_GROUP -> {
                    if (depth == 0 || openFields[depth - 1] != field(current)) {
                        throw new DecodeException("unmatched end-group tag for field " + field(current));
                    }
                    depth--;
                }
                default -> throw new DecodeException("invalid wire type " + wireType(current)
                        + " for field " + field(current));
            }
            if (depth == 0) {
                return;
            }
            current = in.readTag();
            if (current == 0) {
                throw new DecodeException("unterminated group");
            }
        }
    }

    /** A length-prefixed Sample (1.0 and 2.0 share the layout): value double = 1, timestamp int64 = 2. */
    static void sample(CodedInputStream in) throws IOException, DecodeException {
        int old = enter(in);
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | I64 -> in.skipRawBytes(8);
                case (2 << 3) | VARINT -> in.readRawVarint64();
                default -> unknown(in, tag, 2, "sample");
            }
        }
        in.popLimit(old);
    }

    /** Skips an unknown field, or fails when a known field number (1..maxKnown) came with the wrong wire type. */
    static void unknown(CodedInputStream in, int tag, int maxKnown, String what) throws IOException, DecodeException {
        if (field(tag) <= maxKnown) {
            throw wrongWireType(what, tag);
        }
        skip(in, tag);
    }

    /**
     * A length-prefixed native histogram (same field numbers in 1.0 and 2.0). Repeated scalars are accepted
     * packed or not, as every protobuf parser must.
     */
    static void histogram(CodedInputStream in) throws IOException, DecodeException {
        int old = enter(in);
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                // count_int, schema (sint32), zero_count_int, reset_hint, timestamp
                case (1 << 3) | VARINT, (4 << 3) | VARINT, (6 << 3) | VARINT, (14 << 3) | VARINT,
                        (15 << 3) | VARINT -> in.readRawVarint64();
                // count_float, sum, zero_threshold, zero_count_float
                case (2 << 3) | I64, (3 << 3) | I64, (5 << 3) | I64, (7 << 3) | I64 -> in.skipRawBytes(8);
                case (8 << 3) | LEN, (11 << 3) | LEN -> bucketSpan(in);
                // negative_deltas, positive_deltas (sint64)
                case (9 << 3) | LEN, (12 << 3) | LEN -> packedVarints(in);
                case (9 << 3) | VARINT, (12 << 3) | VARINT -> in.readRawVarint64();
                // negative_counts, positive_counts, custom_values (double)
                case (10 << 3) | LEN, (13 << 3) | LEN, (16 << 3) | LEN -> packedFixed64(in, "histogram");
                case (10 << 3) | I64, (13 << 3) | I64, (16 << 3) | I64 -> in.skipRawBytes(8);
                default -> unknown(in, tag, 16, "histogram");
            }
        }
        in.popLimit(old);
    }

    private static void bucketSpan(CodedInputStream in) throws IOException, DecodeException {
        int old = enter(in);
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT, (2 << 3) | VARINT -> in.readRawVarint64();
                default -> unknown(in, tag, 2, "bucket span");
            }
        }
        in.popLimit(old);
    }

    static void packedVarints(CodedInputStream in) throws IOException {
        int old = enter(in);
        while (in.getBytesUntilLimit() > 0) {
            in.readRawVarint64();
        }
        in.popLimit(old);
    }

    static void packedFixed64(CodedInputStream in, String what) throws IOException, DecodeException {
        int len = in.readRawVarint32();
        if ((len & 7) != 0) {
            throw new DecodeException(what + ": packed doubles of length " + len + ", not a multiple of 8");
        }
        in.skipRawBytes(len);
    }
}
