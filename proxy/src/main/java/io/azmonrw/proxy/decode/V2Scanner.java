package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Wire.I64;
import static io.azmonrw.proxy.decode.Wire.LEN;
import static io.azmonrw.proxy.decode.Wire.VARINT;

/**
 * Validates and counts a remote write 2.0 {@code io.prometheus.write.v2.Request}
 * (prompb/io/prometheus/write/v2/types.proto) in one pass over the raw bytes, with no per-sample objects.
 */
final class V2Scanner {
    private static final int SYMBOLS = (4 << 3) | LEN;
    private static final int TIMESERIES = (5 << 3) | LEN;

    private static final int LABELS_REFS_PACKED = (1 << 3) | LEN;
    private static final int LABELS_REFS_ONE = (1 << 3) | VARINT;
    private static final int SAMPLE = (2 << 3) | LEN;
    private static final int HISTOGRAM = (3 << 3) | LEN;
    private static final int EXEMPLAR = (4 << 3) | LEN;
    private static final int METADATA = (5 << 3) | LEN;
    private static final int CREATED_TIMESTAMP = (6 << 3) | VARINT;

    /** Every reference seen so far is at most this; checked against the symbol count at the end. */
    private long maxRef = -1;

    private V2Scanner() {}

    static WriteStats scan(byte[] buf, int off, int len) throws DecodeException {
        return new V2Scanner().request(new Cursor(buf, off), off + len);
    }

    private WriteStats request(Cursor in, int end) throws DecodeException {
        long symbols = 0;
        long series = 0;
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long metadata = 0;
        int tag;
        while ((tag = in.tag(end)) != 0) {
            if (tag == SYMBOLS) {
                int start = in.pos;
                int len = (int) in.varint(end);
                if (symbols == 0 && len != 0) {
                    throw new DecodeException("symbols[0] must be the empty string");
                }
                if (len < 0) {
                    in.skipBytes(len, end);
                }
                in.pos = start;
                // label names and values live here: UTF-8, as for 1.0's label strings
                if (!in.skipUtf8(end)) {
                    throw new DecodeException("symbols[" + symbols + "] is not valid UTF-8");
                }
                symbols++;
            } else if (tag == TIMESERIES) {
                int seriesEnd = in.enter(end);
                boolean hasMetadata = false;
                int labelRefs = 0;
                int t;
                while ((t = in.tag(seriesEnd)) != 0) {
                    switch (t) {
                        case LABELS_REFS_PACKED, LABELS_REFS_ONE -> labelRefs += refs(in, seriesEnd, t);
                        case SAMPLE -> {
                            Wire.sample(in, seriesEnd);
                            samples++;
                        }
                        case HISTOGRAM -> {
                            Wire.histogram(in, seriesEnd);
                            histograms++;
                        }
                        case EXEMPLAR -> {
                            exemplar(in, in.enter(seriesEnd), series);
                            exemplars++;
                        }
                        case METADATA -> hasMetadata |= metadata(in, in.enter(seriesEnd));
                        case CREATED_TIMESTAMP -> in.varint(seriesEnd);
                        default -> Wire.unknown(in, seriesEnd, t, 6, "timeseries[" + series + "]");
                    }
                }
                if (labelRefs == 0) {
                    throw new DecodeException("timeseries[" + series + "] has no labels");
                }
                if ((labelRefs & 1) != 0) {
                    throw new DecodeException(
                            "timeseries[" + series + "] has an odd number of label references (" + labelRefs + ")");
                }
                series++;
                if (hasMetadata) {
                    metadata++;
                }
            } else if (Wire.field(tag) <= 3) {
                // 1..3 are reserved so that a 1.0 body sent as 2.0 fails loudly instead of counting as empty
                throw new DecodeException("field " + Wire.field(tag)
                        + " is reserved in io.prometheus.write.v2.Request (a remote write 1.0 body sent as 2.0?)");
            } else if (Wire.field(tag) <= 5) {
                throw Wire.wrongWireType("request", tag);
            } else {
                Wire.skip(in, end, tag);
            }
        }
        if (maxRef >= symbols) {
            throw new DecodeException(
                    "symbol reference " + maxRef + " is outside the symbols table (" + symbols + " symbols)");
        }
        return new WriteStats(series, samples, histograms, exemplars, metadata);
    }

    /** Reads one packed run or one unpacked uint32 reference; returns how many references it held. */
    private int refs(Cursor in, int outer, int tag) throws DecodeException {
        if (tag == LABELS_REFS_ONE) {
            ref(in.varint(outer));
            return 1;
        }
        int end = in.enter(outer);
        int n = 0;
        while (in.pos < end) {
            ref(in.varint(end));
            n++;
        }
        return n;
    }

    private void ref(long raw) {
        // a uint32 on the wire; anything wider (or negative as unsigned) cannot index a symbols table
        long ref = raw < 0 || raw > 0xFFFF_FFFFL ? Long.MAX_VALUE : raw;
        if (ref > maxRef) {
            maxRef = ref;
        }
    }

    /** Exemplar: labels_refs = 1, value double = 2, timestamp int64 = 3. */
    private void exemplar(Cursor in, int end, long series) throws DecodeException {
        int refs = 0;
        int tag;
        while ((tag = in.tag(end)) != 0) {
            switch (tag) {
                case LABELS_REFS_PACKED, LABELS_REFS_ONE -> refs += refs(in, end, tag);
                case (2 << 3) | I64 -> in.skip(8, end);
                case (3 << 3) | VARINT -> in.varint(end);
                default -> Wire.unknown(in, end, tag, 3, "timeseries[" + series + "] exemplar");
            }
        }
        if ((refs & 1) != 0) {
            throw new DecodeException("timeseries[" + series + "] exemplar has an odd number of label references");
        }
    }

    /**
     * Metadata: type = 1, help_ref = 3, unit_ref = 4. Returns whether it says anything: a type other than
     * UNSPECIFIED, or a help or unit reference other than 0 (symbols[0] is the empty string by the spec).
     */
    private boolean metadata(Cursor in, int end) throws DecodeException {
        boolean set = false;
        int tag;
        while ((tag = in.tag(end)) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT -> set |= in.varint(end) != 0;
                case (3 << 3) | VARINT, (4 << 3) | VARINT -> {
                    long ref = in.varint(end);
                    ref(ref);
                    set |= ref != 0;
                }
                default -> {
                    int field = Wire.field(tag);
                    if (field == 1 || field == 3 || field == 4) {
                        throw Wire.wrongWireType("metadata", tag);
                    }
                    Wire.skip(in, end, tag);
                }
            }
        }
        return set;
    }
}
