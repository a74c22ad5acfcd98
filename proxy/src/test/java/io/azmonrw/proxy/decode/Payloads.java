package io.azmonrw.proxy.decode;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Builders for remote-write 1.0 and 2.0 messages (field numbers from Prometheus' prompb .proto files). */
final class Payloads {
    private Payloads() {}

    static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Buffer body(Proto message) {
        return Buffer.buffer(snappy(message.bytes()));
    }

    // ---- remote write 1.0: prometheus.WriteRequest

    static Proto label(String name, String value) {
        return new Proto().str(1, name).str(2, value);
    }

    static Proto sample(double value, long timestamp) {
        return new Proto().dbl(1, value).uint(2, timestamp);
    }

    static Proto exemplarV1(String traceId, double value, long timestamp) {
        return new Proto().msg(1, label("trace_id", traceId)).dbl(2, value).uint(3, timestamp);
    }

    /** An integer native histogram: count_int, sum, schema, zero bucket, one positive span with deltas. */
    static Proto intHistogram(long timestamp) {
        return new Proto()
                .uint(1, 8)
                .dbl(3, 12.5)
                .sint(4, 3)
                .dbl(5, 1e-128)
                .uint(6, 1)
                .msg(11, new Proto().sint(1, -2).uint(2, 3))
                .packedSints(12, 2, 1, -1)
                .uint(15, timestamp);
    }

    /** A float native histogram with negative buckets, a reset hint and custom values, counts unpacked. */
    static Proto floatHistogram(long timestamp) {
        return new Proto()
                .dbl(2, 7.5)
                .dbl(3, -3.25)
                .sint(4, -53)
                .dbl(7, 0.5)
                .msg(8, new Proto().sint(1, 1).uint(2, 2))
                .dbl(10, 1.5)
                .dbl(10, 2.5)
                .msg(11, new Proto().sint(1, 0).uint(2, 1))
                .packedDoubles(13, 3.0)
                .uint(14, 2)
                .packedDoubles(16, 0.1, 0.5, 1.0)
                .uint(15, timestamp);
    }

    static Proto metricMetadata(int type, String family, String help, String unit) {
        return new Proto().uint(1, type).str(2, family).str(4, help).str(5, unit);
    }

    // ---- remote write 2.0: io.prometheus.write.v2.Request

    static Proto symbols(Proto request, String... symbols) {
        for (String s : symbols) {
            request.str(4, s);
        }
        return request;
    }

    static Proto exemplarV2(double value, long timestamp, long... refs) {
        Proto e = new Proto();
        if (refs.length > 0) {
            e.packedUints(1, refs);
        }
        return e.dbl(2, value).uint(3, timestamp);
    }

    static Proto metadataV2(int type, long helpRef, long unitRef) {
        return new Proto().uint(1, type).uint(3, helpRef).uint(4, unitRef);
    }
}
