package io.azmonrw.proxy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Remote write 1.0 bodies built field by field from prometheus' remote.proto, so their counts are known by construction. */
public final class Payloads {
    private Payloads() {}

    /** A snappy-compressed WriteRequest with {@code series} series of {@code samplesPerSeries} samples each. */
    public static byte[] rw1(int series, int samplesPerSeries, long firstTimestamp) {
        try {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(req);
            for (int s = 0; s < series; s++) {
                byte[] ts = timeSeries(s, samplesPerSeries, firstTimestamp);
                out.writeByteArray(1, ts);
            }
            out.flush();
            return Snappy.compress(req.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snappy-compressed io.prometheus.write.v2.Request: symbols ["", __name__, test_metric, series, 0, 1, ...]. */
    public static byte[] rw2(int series, int samplesPerSeries, long firstTimestamp) {
        try {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(req);
            out.writeString(4, "");
            out.writeString(4, "__name__");
            out.writeString(4, "test_metric");
            out.writeString(4, "series");
            for (int s = 0; s < series; s++) {
                out.writeString(4, Integer.toString(s));
            }
            for (int s = 0; s < series; s++) {
                ByteArrayOutputStream tb = new ByteArrayOutputStream();
                CodedOutputStream to = CodedOutputStream.newInstance(tb);
                ByteArrayOutputStream refs = new ByteArrayOutputStream();
                CodedOutputStream ro = CodedOutputStream.newInstance(refs);
                for (int ref : new int[] {1, 2, 3, 4 + s}) {
                    ro.writeUInt32NoTag(ref);
                }
                ro.flush();
                to.writeByteArray(1, refs.toByteArray());
                for (int i = 0; i < samplesPerSeries; i++) {
                    ByteArrayOutputStream sb = new ByteArrayOutputStream();
                    CodedOutputStream so = CodedOutputStream.newInstance(sb);
                    so.writeDouble(1, i + 0.5);
                    so.writeInt64(2, firstTimestamp + i * 1000L);
                    so.flush();
                    to.writeByteArray(2, sb.toByteArray());
                }
                to.flush();
                out.writeByteArray(5, tb.toByteArray());
            }
            out.flush();
            return Snappy.compress(req.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] timeSeries(int s, int samples, long t0) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(b);
        out.writeByteArray(1, label("__name__", "test_metric"));
        out.writeByteArray(1, label("series", Integer.toString(s)));
        for (int i = 0; i < samples; i++) {
            ByteArrayOutputStream sb = new ByteArrayOutputStream();
            CodedOutputStream so = CodedOutputStream.newInstance(sb);
            so.writeDouble(1, i + 0.5);
            so.writeInt64(2, t0 + i * 1000L);
            so.flush();
            out.writeByteArray(2, sb.toByteArray());
        }
        out.flush();
        return b.toByteArray();
    }

    private static byte[] label(String name, String value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(b);
        out.writeString(1, name);
        out.writeString(2, value);
        out.flush();
        return b.toByteArray();
    }
}
