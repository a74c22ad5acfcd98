package io.azmonrw.bench.load;

import java.util.Map;

/** What a load generator sends: pre-built bodies (cycled), their headers and the items (samples, admissions) each carries. */
public record Workload(byte[][] bodies, int itemsPerRequest, Map<String, String> headers) {

    /** Body number {@code i}, cycling. */
    public byte[] body(long i) {
        return bodies[(int) (i % bodies.length)];
    }

    public long meanBytes() {
        long sum = 0;
        for (byte[] b : bodies) {
            sum += b.length;
        }
        return sum / bodies.length;
    }
}
