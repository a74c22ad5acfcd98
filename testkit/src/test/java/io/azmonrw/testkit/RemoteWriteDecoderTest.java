package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azmonrw.testkit.prompb.Remote;
import io.azmonrw.testkit.prompb.Types;
import io.azmonrw.testkit.prompb.v2.Types.Request;
import io.azmonrw.testkit.prompb.v2.Types.TimeSeries;
import org.junit.jupiter.api.Test;

class RemoteWriteDecoderTest {
    @Test
    void contentTypeSelectsTheVersion() {
        assertThat(RemoteWriteDecoder.version("application/x-protobuf")).isEqualTo(1);
        assertThat(RemoteWriteDecoder.version("application/x-protobuf;proto=prometheus.WriteRequest"))
                .isEqualTo(1);
        assertThat(RemoteWriteDecoder.version("application/x-protobuf; proto=io.prometheus.write.v2.Request"))
                .isEqualTo(2);
        assertThat(RemoteWriteDecoder.version("application/x-protobuf;proto=other.Message"))
                .isZero();
        assertThat(RemoteWriteDecoder.version("application/json")).isZero();
        assertThat(RemoteWriteDecoder.version(null)).isZero();
    }

    @Test
    void countsSamplesHistogramsAndExemplarsOfRemoteWrite1() throws Exception {
        Remote.WriteRequest req = Remote.WriteRequest.newBuilder()
                .addTimeseries(Types.TimeSeries.newBuilder()
                        .addLabels(Types.Label.newBuilder().setName("__name__").setValue("h"))
                        .addHistograms(
                                Types.Histogram.newBuilder().setTimestamp(5).setCountInt(1))
                        .addHistograms(
                                Types.Histogram.newBuilder().setTimestamp(6).setCountInt(2))
                        .addExemplars(
                                Types.Exemplar.newBuilder().setTimestamp(5).setValue(1))
                        .addSamples(Types.Sample.newBuilder().setTimestamp(4)))
                .build();
        RemoteWriteDecoder.Decoded d =
                RemoteWriteDecoder.decode(WritePayloads.snappy(req.toByteArray()), "application/x-protobuf");
        assertThat(d.samples()).isEqualTo(1);
        assertThat(d.histograms()).isEqualTo(2);
        assertThat(d.exemplars()).isEqualTo(1);
        assertThat(d.oldestTimestamp()).isEqualTo(4);
        assertThat(d.series().get(0).key()).isEqualTo("{__name__=\"h\"}");
        assertThat(d.series().get(0).histogramTimestamps()).containsExactly(5, 6);
    }

    @Test
    void refusesAnOutOfRangeSymbolReferenceWith400() {
        byte[] body = WritePayloads.snappy(Request.newBuilder()
                .addSymbols("")
                .addSymbols("__name__")
                .addTimeseries(TimeSeries.newBuilder().addLabelsRefs(1).addLabelsRefs(9))
                .build()
                .toByteArray());
        assertThatThrownBy(() ->
                        RemoteWriteDecoder.decode(body, "application/x-protobuf;proto=io.prometheus.write.v2.Request"))
                .isInstanceOfSatisfying(
                        RemoteWriteDecoder.DecodeException.class,
                        e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void refusesAnUnsupportedContentTypeWith415() {
        assertThatThrownBy(() -> RemoteWriteDecoder.decode(WritePayloads.v1(1, 1, 1), "text/plain"))
                .isInstanceOfSatisfying(
                        RemoteWriteDecoder.DecodeException.class,
                        e -> assertThat(e.status()).isEqualTo(415));
    }
}
