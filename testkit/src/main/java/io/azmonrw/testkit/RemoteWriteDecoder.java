package io.azmonrw.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.azmonrw.testkit.prompb.Remote;
import io.azmonrw.testkit.prompb.Types;
import io.azmonrw.testkit.prompb.v2.Types.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.xerial.snappy.Snappy;

/**
 * Decodes remote write 1.0 and 2.0 bodies with classes generated from Prometheus' own .proto files: the second,
 * independent implementation tests compare the proxy against.
 */
public final class RemoteWriteDecoder {
    public static final String V2_PROTO = "io.prometheus.write.v2.Request";

    /** One series of a request with the timestamps of its samples and histograms. */
    public record Series(String key, long[] sampleTimestamps, long[] histogramTimestamps) {}

    /** A decoded request: its series and independent counts. */
    public record Decoded(
            int version, List<Series> series, long samples, long histograms, long exemplars, long oldestTimestamp) {}

    /** A body that cannot be decoded; carries the status a receiver answers (400 or 415). */
    public static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public DecodeException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private RemoteWriteDecoder() {}

    /** Remote write version for a Content-Type: 1, 2, or 0 when unsupported. */
    public static int version(String contentType) {
        if (contentType == null) {
            return 0;
        }
        String ct = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        if (!ct.startsWith("application/x-protobuf")) {
            return 0;
        }
        int i = ct.indexOf("proto=");
        if (i < 0) {
            return 1;
        }
        String proto = ct.substring(i + 6).split(";", 2)[0];
        if ("prometheus.writerequest".equals(proto)) {
            return 1;
        }
        return V2_PROTO.toLowerCase(Locale.ROOT).equals(proto) ? 2 : 0;
    }

    /** Snappy-decodes (block format) and parses a body. */
    public static Decoded decode(byte[] snappyBody, String contentType) throws DecodeException {
        int version = version(contentType);
        if (version == 0) {
            throw new DecodeException(415, "unsupported content type " + contentType, null);
        }
        byte[] raw;
        try {
            if (!Snappy.isValidCompressedBuffer(snappyBody)) {
                throw new DecodeException(400, "corrupt snappy block", null);
            }
            raw = Snappy.uncompress(snappyBody);
        } catch (IOException e) {
            throw new DecodeException(400, "corrupt snappy block: " + e.getMessage(), e);
        }
        try {
            return version == 1 ? decodeV1(raw) : decodeV2(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException(400, "undecodable protobuf: " + e.getMessage(), e);
        }
    }

    static Decoded decodeV1(byte[] raw) throws InvalidProtocolBufferException {
        Remote.WriteRequest req = Remote.WriteRequest.parseFrom(raw);
        List<Series> out = new ArrayList<>(req.getTimeseriesCount());
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long oldest = Long.MAX_VALUE;
        for (Types.TimeSeries ts : req.getTimeseriesList()) {
            Map<String, String> labels = new HashMap<>();
            for (Types.Label l : ts.getLabelsList()) {
                labels.put(l.getName(), l.getValue());
            }
            long[] st = timestamps(ts.getSamplesCount(), i -> ts.getSamples(i).getTimestamp());
            long[] ht =
                    timestamps(ts.getHistogramsCount(), i -> ts.getHistograms(i).getTimestamp());
            oldest = Math.min(oldest, Math.min(min(st), min(ht)));
            samples += st.length;
            histograms += ht.length;
            exemplars += ts.getExemplarsCount();
            out.add(new Series(SeriesKey.of(labels), st, ht));
        }
        return new Decoded(1, out, samples, histograms, exemplars, oldest);
    }

    static Decoded decodeV2(byte[] raw) throws InvalidProtocolBufferException {
        Request req = Request.parseFrom(raw);
        List<String> symbols = req.getSymbolsList();
        List<Series> out = new ArrayList<>(req.getTimeseriesCount());
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long oldest = Long.MAX_VALUE;
        for (io.azmonrw.testkit.prompb.v2.Types.TimeSeries ts : req.getTimeseriesList()) {
            int n = ts.getLabelsRefsCount();
            if (n % 2 != 0) {
                throw new InvalidProtocolBufferException("odd number of label refs");
            }
            Map<String, String> labels = new HashMap<>();
            for (int i = 0; i < n; i += 2) {
                labels.put(symbol(symbols, ts.getLabelsRefs(i)), symbol(symbols, ts.getLabelsRefs(i + 1)));
            }
            long[] st = timestamps(ts.getSamplesCount(), i -> ts.getSamples(i).getTimestamp());
            long[] ht =
                    timestamps(ts.getHistogramsCount(), i -> ts.getHistograms(i).getTimestamp());
            oldest = Math.min(oldest, Math.min(min(st), min(ht)));
            samples += st.length;
            histograms += ht.length;
            exemplars += ts.getExemplarsCount();
            out.add(new Series(SeriesKey.of(labels), st, ht));
        }
        return new Decoded(2, out, samples, histograms, exemplars, oldest);
    }

    private static long[] timestamps(int n, IntToLongFunction timestampAt) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = timestampAt.applyAsLong(i);
        }
        return t;
    }

    private static long min(long[] values) {
        long m = Long.MAX_VALUE;
        for (long v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static String symbol(List<String> symbols, int ref) throws InvalidProtocolBufferException {
        if (ref < 0 || ref >= symbols.size()) {
            throw new InvalidProtocolBufferException("label ref " + ref + " outside symbols table");
        }
        return symbols.get(ref);
    }
}
