package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Wire.I64;
import static io.azmonrw.proxy.decode.Wire.LEN;
import static io.azmonrw.proxy.decode.Wire.VARINT;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;

/**
 * Validates and counts a remote write 1.0 {@code prometheus.WriteRequest} (prompb/remote.proto, types.proto)
 * in one pass, with no per-sample objects.
 */
final class V1Scanner {
    private static final int TIMESERIES = (1 << 3) | LEN;
    private static final int METADATA = (3 << 3) | LEN;

    private static final int LABEL = (1 << 3) | LEN;
    private static final int SAMPLE = (2 << 3) | LEN;
    private static final int EXEMPLAR = (3 << 3) | LEN;
    private static final int HISTOGRAM = (4 << 3) | LEN;

    private V1Scanner() {
    }

    static WriteStats scan(CodedInputStream in) throws IOException, DecodeException {
        long series = 0;
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long metadata = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TIMESERIES) {
                int old = Wire.enter(in);
                int labels = 0;
                int t;
                while ((t = in.readTag()) != 0) {
                    switch (t) {
                        case LABEL -> {
                            int inner = Wire.enter(in);
                            label(in, "label");
                            in.popLimit(inner);
                            labels++;
                        }
                        case SAMPLE -> {
                            Wire.sample(in);
                            samples++;
                        }
                        case EXEMPLAR -> {
                            int inner = Wire.enter(in);
                            exemplar(in);
                            in.popLimit(inner);
                            exemplars++;
                        }
                        case HISTOGRAM -> {
                            Wire.histogram(in);
                            histograms++;
                        }
                        default -> Wire.unknown(in, t, 4, "timeseries[" + series + "]");
                    }
                }
                if (labels == 0) {
                    throw new DecodeException("timeseries[" + series + "] has no labels");
                }
                in.popLimit(old);
                series++;
            } else if (tag == METADATA) {
                int old = Wire.enter(in);
                metricMetadata(in);
                in.popLimit(old);
                metadata++;
            } else if (Wire.field(tag) == 1 || Wire.field(tag) == 3) {
                throw Wire.wrongWireType("write request", tag);
            } else {
                // field 2 is reserved (it once held metadata in another shape) and is skipped like any unknown
                Wire.skip(in, tag);
            }
        }
        return new WriteStats(series, samples, histograms, exemplars, metadata);
    }

    /** Label: name string = 1, value string = 2. */
    private static void label(CodedInputStream in, String what) throws IOException, DecodeException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | LEN, (2 << 3) | LEN -> Wire.skipLen(in);
                default -> Wire.unknown(in, tag, 2, what);
            }
        }
    }

    /** Exemplar: labels Label = 1, value double = 2, timestamp int64 = 3. */
    private static void exemplar(CodedInputStream in) throws IOException, DecodeException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | LEN -> {
                    int old = Wire.enter(in);
                    label(in, "exemplar label");
                    in.popLimit(old);
                }
                case (2 << 3) | I64 -> in.skipRawBytes(8);
                case (3 << 3) | VARINT -> in.readRawVarint64();
                default -> Wire.unknown(in, tag, 3, "exemplar");
            }
        }
    }

    /** MetricMetadata: type enum = 1, metric_family_name = 2, help = 4, unit = 5 (3 is unused). */
    private static void metricMetadata(CodedInputStream in) throws IOException, DecodeException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT -> in.readRawVarint64();
                case (2 << 3) | LEN, (4 << 3) | LEN, (5 << 3) | LEN -> Wire.skipLen(in);
                default -> {
                    int field = Wire.field(tag);
                    if (field == 1 || field == 2 || field == 4 || field == 5) {
                        throw Wire.wrongWireType("metadata", tag);
                    }
                    Wire.skip(in, tag);
                }
            }
        }
    }
}
