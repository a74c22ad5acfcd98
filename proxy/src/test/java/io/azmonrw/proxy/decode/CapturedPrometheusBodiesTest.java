package io.azmonrw.proxy.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bodies captured from a real Prometheus 2.42 (src/test/resources/decode/capture.py); the expected counts are
 * Prometheus' own prometheus_remote_storage_*_total counters for exactly those bodies.
 */
class CapturedPrometheusBodiesTest {
    private static final String DIR = "/decode/";

    private static byte[] resource(String name) {
        try (InputStream in = CapturedPrometheusBodiesTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as("test resource %s%s", DIR, name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void countsEqualPrometheusOwnRemoteStorageCounters() throws DecodeException {
        JsonObject fixtures = new JsonObject(new String(resource("fixtures.json"), StandardCharsets.UTF_8));
        RemoteWriteDecoder decoder = new RemoteWriteDecoder(256L << 20);
        long series = 0;
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long metadata = 0;
        int requests = 0;
        for (Object o : fixtures.getJsonArray("requests")) {
            JsonObject request = (JsonObject) o;
            assertThat(request.getString("content_encoding")).isEqualTo("snappy");
            RemoteWriteVersion version = RemoteWriteVersion.fromContentType(request.getString("content_type"));
            assertThat(version).isEqualTo(RemoteWriteVersion.V1);
            WriteStats stats = decoder.decode(Buffer.buffer(resource(request.getString("file"))), version);
            series += stats.series();
            samples += stats.samples();
            histograms += stats.histograms();
            exemplars += stats.exemplars();
            metadata += stats.metadata();
            requests++;
        }
        JsonObject expected = fixtures.getJsonObject("expected");
        assertThat(requests).isGreaterThan(1);
        assertThat(samples).isEqualTo(expected.getLong("samples")).isPositive();
        assertThat(histograms).isEqualTo(expected.getLong("histograms")).isPositive();
        assertThat(exemplars).isEqualTo(expected.getLong("exemplars")).isPositive();
        assertThat(metadata).isEqualTo(expected.getLong("metadata")).isPositive();
        // Prometheus 2.42's queue manager puts every sample, exemplar and histogram in a TimeSeries of its own
        assertThat(series).isEqualTo(samples + exemplars + histograms);
    }
}
