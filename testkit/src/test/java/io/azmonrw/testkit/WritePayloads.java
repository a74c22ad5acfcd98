package io.azmonrw.testkit;

import io.azmonrw.testkit.prompb.Remote;
import io.azmonrw.testkit.prompb.Types;
import io.azmonrw.testkit.prompb.v2.Types.Request;
import io.azmonrw.testkit.prompb.v2.Types.Sample;
import io.azmonrw.testkit.prompb.v2.Types.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Hand-built remote write bodies with known contents: {@code series} series of {@code samples} samples each. */
final class WritePayloads {
    private WritePayloads() {}

    /** Series {@code test_metric{i="N"}}, timestamps start, start+1000, ... */
    static byte[] v1(int series, int samples, long start) {
        Remote.WriteRequest.Builder b = Remote.WriteRequest.newBuilder();
        for (int s = 0; s < series; s++) {
            Types.TimeSeries.Builder ts = Types.TimeSeries.newBuilder()
                    .addLabels(Types.Label.newBuilder().setName("__name__").setValue("test_metric"))
                    .addLabels(Types.Label.newBuilder().setName("i").setValue(Integer.toString(s)));
            for (int k = 0; k < samples; k++) {
                ts.addSamples(Types.Sample.newBuilder()
                        .setTimestamp(start + k * 1000L)
                        .setValue(k));
            }
            b.addTimeseries(ts);
        }
        return snappy(b.build().toByteArray());
    }

    static byte[] v2(int series, int samples, long start) {
        Request.Builder b = Request.newBuilder()
                .addSymbols("")
                .addSymbols("__name__")
                .addSymbols("test_metric")
                .addSymbols("i");
        for (int s = 0; s < series; s++) {
            b.addSymbols(Integer.toString(s));
            TimeSeries.Builder ts = TimeSeries.newBuilder()
                    .addLabelsRefs(1)
                    .addLabelsRefs(2)
                    .addLabelsRefs(3)
                    .addLabelsRefs(4 + s);
            for (int k = 0; k < samples; k++) {
                ts.addSamples(
                        Sample.newBuilder().setTimestamp(start + k * 1000L).setValue(k));
            }
            b.addTimeseries(ts);
        }
        return snappy(b.build().toByteArray());
    }

    static String key(int s) {
        return "{__name__=\"test_metric\",i=\"" + s + "\"}";
    }

    static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
