package io.azmonrw.proxy;

import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.config.EnvReader;

/**
 * The request-memory limits, derived from the JVM's maximum heap H so that the worst case admitted at once fits:
 * compressed bodies in flight ({@code MAX_INFLIGHT_BYTES}) plus the decompressed buffers of the decodes running at
 * once ({@code decodeConcurrency × MAX_DECODED_BYTES}) stay within H/2; the other half is left to Vert.x and Netty,
 * the token client, the decoders' retained buffers and the collector's copying space.
 *
 * <p>Defaults: {@code MAX_DECODED_BYTES = H/8}, {@code MAX_INFLIGHT_BYTES = H/4}, {@code MAX_BODY_BYTES =
 * min(32 MiB, MAX_INFLIGHT_BYTES)}, decode concurrency {@code = clamp(H/4 / MAX_DECODED_BYTES, 1, cores)}.
 * An explicit value above its safe maximum ({@code MAX_DECODED_BYTES ≤ H/4}, {@code MAX_INFLIGHT_BYTES ≤ H/2 −
 * decodeConcurrency × MAX_DECODED_BYTES}) is refused at start-up.
 *
 * @param decodeConcurrency how many bodies are decoded at once (the decode pool's threads; also sizes the decoded-bytes budget)
 */
public record MemoryBounds(long maxBodyBytes, long maxDecodedBytes, long maxInflightBytes, int decodeConcurrency) {
    private static final long MIB = 1024L * 1024L;
    static final long MAX_BODY_DEFAULT = 32 * MIB;

    /** The bytes all running decodes may hold at once. */
    public long decodeBudget() {
        return decodeConcurrency * maxDecodedBytes;
    }

    /** Reads MAX_BODY_BYTES, MAX_DECODED_BYTES and MAX_INFLIGHT_BYTES; problems go to {@code r}. */
    static MemoryBounds read(EnvReader r, long heap, int cores) {
        long decodedSafe = Math.max(1, heap / 4);
        long maxDecoded = r.byteSize(ProxyEnv.MAX_DECODED_BYTES, Math.max(1, heap / 8), 1, Integer.MAX_VALUE);
        if (maxDecoded > decodedSafe) {
            r.problem(
                    ProxyEnv.MAX_DECODED_BYTES,
                    maxDecoded + " bytes do not fit the heap of " + heap
                            + " bytes while decoding; the largest safe value is " + decodedSafe + " (heap/4)");
            maxDecoded = decodedSafe;
        }
        int concurrency = (int) Math.max(1, Math.min(Math.max(1, cores), decodedSafe / maxDecoded));
        long inflightSafe = Math.max(1, heap / 2 - concurrency * maxDecoded);
        long maxInflight = r.byteSize(
                ProxyEnv.MAX_INFLIGHT_BYTES, Math.min(inflightSafe, Math.max(1, heap / 4)), 1, Long.MAX_VALUE / 2);
        if (maxInflight > inflightSafe) {
            r.problem(
                    ProxyEnv.MAX_INFLIGHT_BYTES,
                    maxInflight + " bytes do not fit the heap of " + heap
                            + " bytes beside " + concurrency + " decode(s) of MAX_DECODED_BYTES " + maxDecoded
                            + "; the largest safe value is " + inflightSafe + " (heap/2 - decodes)");
        }
        long maxBody =
                r.byteSize(ProxyEnv.MAX_BODY_BYTES, Math.min(MAX_BODY_DEFAULT, maxInflight), 1, Integer.MAX_VALUE);
        if (maxInflight < maxBody) {
            r.problem(ProxyEnv.MAX_INFLIGHT_BYTES, "must be at least MAX_BODY_BYTES (" + maxBody + ")");
        }
        return new MemoryBounds(maxBody, maxDecoded, maxInflight, concurrency);
    }
}
