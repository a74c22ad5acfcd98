package io.azmonrw.bench.gen;

import io.azmonrw.bench.load.LoadGenerator.Workload;
import io.azmonrw.testkit.prompb.Remote.WriteRequest;
import io.azmonrw.testkit.prompb.Types;
import io.azmonrw.testkit.prompb.v2.Types.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Pre-encoded, snappy-compressed remote write bodies over a stable series set (testkit's generated protobuf classes),
 * so that the generator spends no CPU on encoding while it measures. Successive bodies walk the series set in order;
 * {@code rounds} copies with advancing timestamps are kept, as consecutive scrapes would produce.
 */
public record Payloads(Version version, Workload workload, long meanRawBytes) {

    /** Remote write protocol version, with its Content-Type and X-Prometheus-Remote-Write-Version as Prometheus sends them. */
    public enum Version {
        V1("application/x-protobuf", "0.1.0"),
        V2("application/x-protobuf;proto=io.prometheus.write.v2.Request", "2.0.0");

        private final Map<String, String> headers;

        Version(String contentType, String header) {
            this.headers = Map.of(
                    "Content-Type", contentType,
                    "Content-Encoding", "snappy",
                    "X-Prometheus-Remote-Write-Version", header);
        }
    }

    /** Encodes every batch of {@code set} for {@code rounds} scrapes 30 s apart. */
    public static Payloads build(Version version, SeriesSet set, int samplesPerRequest, int rounds) {
        int batches = (set.size() + samplesPerRequest - 1) / samplesPerRequest;
        byte[][] bodies = new byte[batches * rounds][];
        long raw = 0;
        for (int i = 0; i < bodies.length; i++) {
            int r = i / batches;
            byte[] pb = encode(
                    version,
                    set,
                    (i % batches) * samplesPerRequest,
                    samplesPerRequest,
                    1_700_000_000_000L + r * 30_000L,
                    r * 7.0);
            raw += pb.length;
            try {
                bodies[i] = Snappy.compress(pb);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Payloads(version, new Workload(bodies, samplesPerRequest, version.headers), raw / bodies.length);
    }

    /** One request's protobuf: series {@code first .. first+count-1} (modulo the set size), one sample each at {@code ts}. */
    static byte[] encode(Version version, SeriesSet set, int first, int count, long ts, double base) {
        if (version == Version.V1) {
            WriteRequest.Builder req = WriteRequest.newBuilder();
            for (int i = 0; i < count; i++) {
                var sample = Types.Sample.newBuilder().setValue(base + i * 0.5).setTimestamp(ts);
                req.addTimeseries(Types.TimeSeries.newBuilder()
                        .addAllLabels(set.labels((first + i) % set.size()))
                        .addSamples(sample));
            }
            return req.build().toByteArray();
        }
        // remote write 2.0: labels are references into one symbols table, whose first entry must be "" (spec)
        Request.Builder req = Request.newBuilder().addSymbols("");
        Map<String, Integer> refs = new HashMap<>(Map.of("", 0));
        for (int i = 0; i < count; i++) {
            var sample = io.azmonrw.testkit.prompb.v2.Types.Sample.newBuilder()
                    .setValue(base + i * 0.5)
                    .setTimestamp(ts);
            var s = io.azmonrw.testkit.prompb.v2.Types.TimeSeries.newBuilder().addSamples(sample);
            for (Types.Label l : set.labels((first + i) % set.size())) {
                s.addLabelsRefs(ref(refs, req, l.getName())).addLabelsRefs(ref(refs, req, l.getValue()));
            }
            req.addTimeseries(s);
        }
        return req.build().toByteArray();
    }

    private static int ref(Map<String, Integer> refs, Request.Builder req, String symbol) {
        return refs.computeIfAbsent(symbol, k -> {
            req.addSymbols(k);
            return req.getSymbolsCount() - 1;
        });
    }
}
