package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Wire.I64;
import static io.azmonrw.proxy.decode.Wire.LEN;
import static io.azmonrw.proxy.decode.Wire.VARINT;

/**
 * Validates and counts a remote write 1.0 {@code prometheus.WriteRequest} (prompb/remote.proto, types.proto)
 * in one pass over the raw bytes, with no per-sample objects.
 */
final class V1Scanner {
    private static final int TIMESERIES = (1 << 3) | LEN;
    private static final int METADATA = (3 << 3) | LEN;
    /** remote write 2.0's {@code symbols} and {@code timeseries}: unknown fields in 1.0. */
    private static final int V2_SYMBOLS = (4 << 3) | LEN;

    private static final int V2_TIMESERIES = (5 << 3) | LEN;
    static final String V2_CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private static final int LABEL = (1 << 3) | LEN;
    private static final int SAMPLE = (2 << 3) | LEN;
    private static final int EXEMPLAR = (3 << 3) | LEN;
    private static final int HISTOGRAM = (4 << 3) | LEN;

    private static final int LABEL_NAME = (1 << 3) | LEN;
    private static final int LABEL_VALUE = (2 << 3) | LEN;

    private V1Scanner() {}

    static WriteStats scan(byte[] buf, int off, int len) throws DecodeException {
        Cursor in = new Cursor(buf, off);
        int end = off + len;
        long series = 0;
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long metadata = 0;
        boolean v2Fields = false;
        int tag;
        while ((tag = in.tag(end)) != 0) {
            if (tag == TIMESERIES) {
                int seriesEnd = in.enter(end);
                int labels = 0;
                int t;
                while ((t = in.tag(seriesEnd)) != 0) {
                    // the common fields first, as ifs: labels are most of a 1.0 body
                    if (t == LABEL) {
                        label(in, in.enter(seriesEnd), series, "label");
                        labels++;
                    } else if (t == SAMPLE) {
                        Wire.sample(in, seriesEnd);
                        samples++;
                    } else if (t == EXEMPLAR) {
                        exemplar(in, in.enter(seriesEnd), series);
                        exemplars++;
                    } else if (t == HISTOGRAM) {
                        Wire.histogram(in, seriesEnd);
                        histograms++;
                    } else {
                        Wire.unknown(in, seriesEnd, t, 4, "timeseries[" + series + "]");
                    }
                }
                if (labels == 0) {
                    throw new DecodeException("timeseries[" + series + "] has no labels");
                }
                series++;
            } else if (tag == METADATA) {
                metricMetadata(in, in.enter(end));
                metadata++;
            } else if (Wire.field(tag) == 1 || Wire.field(tag) == 3) {
                throw Wire.wrongWireType("write request", tag);
            } else {
                // field 2 is reserved (it once held metadata in another shape) and is skipped like any unknown
                v2Fields |= tag == V2_SYMBOLS || tag == V2_TIMESERIES;
                Wire.skip(in, end, tag);
            }
        }
        if (series == 0 && v2Fields) {
            // acknowledged, this would be dropped in silence: 1.0 readers see no series in a 2.0 body
            throw new DecodeException(
                    "the body carries remote write 2.0 fields (symbols, timeseries with label references)"
                            + " and no 1.0 series: send it with Content-Type " + V2_CONTENT_TYPE,
                    DecodeException.Kind.WRONG_VERSION);
        }
        return new WriteStats(series, samples, histograms, exemplars, metadata);
    }

    /**
     * Label: name string = 1, value string = 2; the cursor is just inside it, {@code end} is its end. Both must be
     * UTF-8 (protobuf's rule for strings, and the ingestion endpoint refuses the whole batch otherwise).
     */
    private static void label(Cursor in, int end, long series, String what) throws DecodeException {
        if (in.skipAsciiPair(end, LABEL_NAME, LABEL_VALUE)) {
            return;
        }
        int tag;
        while ((tag = in.tag(end)) != 0) {
            if (tag == LABEL_NAME || tag == LABEL_VALUE) {
                if (!in.skipUtf8(end)) {
                    throw new DecodeException("timeseries[" + series + "] " + what
                            + (tag == LABEL_NAME ? " name" : " value") + " is not valid UTF-8");
                }
            } else {
                Wire.unknown(in, end, tag, 2, what);
            }
        }
    }

    /** Exemplar: labels Label = 1, value double = 2, timestamp int64 = 3. */
    private static void exemplar(Cursor in, int end, long series) throws DecodeException {
        int tag;
        while ((tag = in.tag(end)) != 0) {
            switch (tag) {
                case (1 << 3) | LEN -> label(in, in.enter(end), series, "exemplar label");
                case (2 << 3) | I64 -> in.skip(8, end);
                case (3 << 3) | VARINT -> in.varint(end);
                default -> Wire.unknown(in, end, tag, 3, "exemplar");
            }
        }
    }

    /** MetricMetadata: type enum = 1, metric_family_name = 2, help = 4, unit = 5 (3 is unused). */
    private static void metricMetadata(Cursor in, int end) throws DecodeException {
        int tag;
        while ((tag = in.tag(end)) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT -> in.varint(end);
                case (2 << 3) | LEN, (4 << 3) | LEN, (5 << 3) | LEN -> in.skipLen(end);
                default -> {
                    int field = Wire.field(tag);
                    if (field == 1 || field == 2 || field == 4 || field == 5) {
                        throw Wire.wrongWireType("metadata", tag);
                    }
                    Wire.skip(in, end, tag);
                }
            }
        }
    }
}
