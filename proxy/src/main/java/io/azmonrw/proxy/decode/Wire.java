package io.azmonrw.proxy.decode;

/** Protobuf wire-level helpers shared by the 1.0 and 2.0 scanners: tags, skipping, samples, histograms. */
final class Wire {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int I32 = 5;

    /** Deeper group nesting than this is not something any remote-write sender produces. */
    private static final int MAX_GROUP_DEPTH = 32;

    private static final int SAMPLE_VALUE = (1 << 3) | I64;
    private static final int SAMPLE_TIMESTAMP = (2 << 3) | VARINT;

    private Wire() {}

    static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    static int field(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    static DecodeException wrongWireType(String what, int tag) {
        return new DecodeException(what + ": wrong wire type " + wireType(tag) + " for field " + field(tag));
    }

    /**
     * Skips one unknown field. Groups are skipped iteratively with a depth cap, unlike
     * {@code CodedInputStream.skipField}, which recurses and could overflow the stack on hostile input.
     */
    static void skip(Cursor in, int end, int tag) throws DecodeException {
        int depth = 0;
        int[] openFields = null;
        int current = tag;
        while (true) {
            switch (wireType(current)) {
                case VARINT -> in.varint(end);
                case I64 -> in.skip(8, end);
                case LEN -> in.skipLen(end);
                case I32 -> in.skip(4, end);
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
                default ->
                    throw new DecodeException(
                            "invalid wire type " + wireType(current) + " for field " + field(current));
            }
            if (depth == 0) {
                return;
            }
            current = in.tag(end);
            if (current == 0) {
                throw new DecodeException("unterminated group");
            }
        }
    }

    /** A length-prefixed Sample (1.0 and 2.0 share the layout): value double = 1, timestamp int64 = 2. */
    static void sample(Cursor in, int outer) throws DecodeException {
        int end = in.enter(outer);
        int tag;
        while ((tag = in.tag(end)) != 0) {
            if (tag == SAMPLE_VALUE) {
                in.skip(8, end);
            } else if (tag == SAMPLE_TIMESTAMP) {
                in.varint(end);
            } else {
                unknown(in, end, tag, 2, "sample");
            }
        }
    }

    /** Skips an unknown field, or fails when a known field number (1..maxKnown) came with the wrong wire type. */
    static void unknown(Cursor in, int end, int tag, int maxKnown, String what) throws DecodeException {
        if (field(tag) <= maxKnown) {
            throw wrongWireType(what, tag);
        }
        skip(in, end, tag);
    }

    /**
     * A length-prefixed native histogram (same field numbers in 1.0 and 2.0). Repeated scalars are accepted
     * packed or not, as every protobuf parser must.
     */
    static void histogram(Cursor in, int outer) throws DecodeException {
        int end = in.enter(outer);
        int tag;
        while ((tag = in.tag(end)) != 0) {
            switch (tag) {
                // count_int, schema (sint32), zero_count_int, reset_hint, timestamp
                case (1 << 3) | VARINT, (4 << 3) | VARINT, (6 << 3) | VARINT, (14 << 3) | VARINT, (15 << 3) | VARINT ->
                    in.varint(end);
                // count_float, sum, zero_threshold, zero_count_float
                case (2 << 3) | I64, (3 << 3) | I64, (5 << 3) | I64, (7 << 3) | I64 -> in.skip(8, end);
                case (8 << 3) | LEN, (11 << 3) | LEN -> bucketSpan(in, end);
                // negative_deltas, positive_deltas (sint64)
                case (9 << 3) | LEN, (12 << 3) | LEN -> packedVarints(in, end);
                case (9 << 3) | VARINT, (12 << 3) | VARINT -> in.varint(end);
                // negative_counts, positive_counts, custom_values (double)
                case (10 << 3) | LEN, (13 << 3) | LEN, (16 << 3) | LEN -> packedFixed64(in, end, "histogram");
                case (10 << 3) | I64, (13 << 3) | I64, (16 << 3) | I64 -> in.skip(8, end);
                default -> unknown(in, end, tag, 16, "histogram");
            }
        }
    }

    private static void bucketSpan(Cursor in, int outer) throws DecodeException {
        int end = in.enter(outer);
        int tag;
        while ((tag = in.tag(end)) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT, (2 << 3) | VARINT -> in.varint(end);
                default -> unknown(in, end, tag, 2, "bucket span");
            }
        }
    }

    static void packedVarints(Cursor in, int outer) throws DecodeException {
        int end = in.enter(outer);
        while (in.pos < end) {
            in.varint(end);
        }
    }

    static void packedFixed64(Cursor in, int outer, String what) throws DecodeException {
        // the length checks in CodedInputStream's order: multiple of 8 first, then sign and bounds
        int len = (int) in.varint(outer);
        if ((len & 7) != 0) {
            throw new DecodeException(what + ": packed doubles of length " + len + ", not a multiple of 8");
        }
        in.skipBytes(len, outer);
    }
}
