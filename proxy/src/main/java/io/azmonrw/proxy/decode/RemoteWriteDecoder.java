package io.azmonrw.proxy.decode;

import io.azmonrw.common.logging.OneLine;
import io.azmonrw.common.memory.ByteBudget;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * Decompresses (snappy block format) and validates a remote-write body, counting what it carries.
 * Thread-safe, reusable.
 */
public final class RemoteWriteDecoder {
    /**
     * Each thread keeps its decompression buffer up to this size; a bigger body gets a one-off array so that a
     * rare huge request does not pin its memory on every event-loop thread.
     */
    public static final int DEFAULT_RETAINED_BYTES = 4 * 1024 * 1024;

    /**
     * Snappy's densest element is a 3-byte copy of 64 bytes, so no valid block expands more than 64/3 times;
     * a header claiming more is a lie we refuse before allocating for it.
     */
    private static final long MAX_EXPANSION = 22;

    private final long maxDecodedBytes;
    private final int retainedBytes;
    /** The decompressed bytes all running decodes may hold at once; Long.MAX_VALUE when unbounded. */
    private final long decodeBudget;

    private final AtomicLong decoding = new AtomicLong();
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    /** A body received in several chunks is gathered here for snappy, which needs one array; kept like {@link #scratch}. */
    private final ThreadLocal<byte[]> gathered = ThreadLocal.withInitial(() -> new byte[0]);

    public RemoteWriteDecoder(long maxDecodedBytes) {
        this(maxDecodedBytes, DEFAULT_RETAINED_BYTES);
    }

    /** {@code retainedBytes}: the largest decompression buffer a thread keeps between requests. */
    public RemoteWriteDecoder(long maxDecodedBytes, int retainedBytes) {
        this(maxDecodedBytes, retainedBytes, Long.MAX_VALUE);
    }

    /**
     * @param decodeBudget the decompressed bytes all decodes running at once may hold (heap-derived, see the proxy's
     *     MemoryBounds); a decode that would exceed it fails with {@link DecodeException.Kind#BUSY} before allocating
     */
    public RemoteWriteDecoder(long maxDecodedBytes, int retainedBytes, long decodeBudget) {
        if (maxDecodedBytes <= 0 || retainedBytes < 0 || decodeBudget <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes and decodeBudget must be > 0 and retainedBytes >= 0");
        }
        this.decodeBudget = decodeBudget;
        // a Java array cannot be larger; the cap is effectively this much
        this.maxDecodedBytes = Math.min(maxDecodedBytes, Integer.MAX_VALUE - 8);
        this.retainedBytes = retainedBytes;
    }

    /** body = snappy block-format compressed protobuf as Prometheus sends it. Empty body -> "empty body". */
    public WriteStats decode(Buffer body, RemoteWriteVersion version) throws DecodeException {
        Objects.requireNonNull(version, "version");
        if (body == null || body.length() == 0) {
            throw new DecodeException("empty body");
        }
        byte[] in;
        int off;
        int len;
        ByteBuf buf = body instanceof BufferInternal internal ? internal.getByteBuf() : null;
        if (buf != null && buf.hasArray()) {
            // a body that arrived in one chunk is a heap buffer: read it in place, no copy
            in = buf.array();
            off = buf.arrayOffset() + buf.readerIndex();
            len = buf.readableBytes();
        } else if (buf != null) {
            // a composite of the received chunks: gathered into a reused array, not a new one per request
            len = buf.readableBytes();
            in = reusable(gathered, len);
            buf.getBytes(buf.readerIndex(), in, 0, len);
            off = 0;
        } else {
            in = body.getBytes();
            off = 0;
            len = in.length;
        }
        return decode(in, off, len, version);
    }

    /** The same over a plain array slice (benchmarks, callers without a Vert.x buffer). */
    public WriteStats decode(byte[] in, int off, int len, RemoteWriteVersion version) throws DecodeException {
        Objects.requireNonNull(version, "version");
        Objects.checkFromIndexSize(off, len, in.length);
        if (len == 0) {
            throw new DecodeException("empty body");
        }
        int decodedLength;
        try {
            decodedLength = Snappy.uncompressedLength(in, off, len);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException("invalid snappy block: " + OneLine.of(e));
        }
        if (decodedLength < 0 || decodedLength > maxDecodedBytes) {
            throw new DecodeException(
                    "decoded body of " + Integer.toUnsignedLong(decodedLength) + " bytes exceeds the limit of "
                            + maxDecodedBytes + " bytes (MAX_DECODED_BYTES)",
                    true);
        }
        if (decodedLength > MAX_EXPANSION * len) {
            throw new DecodeException("invalid snappy block: header claims " + decodedLength + " bytes from " + len
                    + " compressed bytes");
        }
        if (!ByteBudget.tryAdd(decoding, decodedLength, decodeBudget)) {
            throw new DecodeException(
                    "decoding " + decodedLength + " bytes would exceed the " + decodeBudget
                            + " bytes all running decodes may hold; retry later",
                    DecodeException.Kind.BUSY);
        }
        try {
            byte[] out = buffer(decodedLength);
            int n;
            try {
                n = Snappy.uncompress(in, off, len, out, 0);
            } catch (IOException | RuntimeException e) {
                throw new DecodeException("invalid snappy block: " + OneLine.of(e));
            }
            if (n != decodedLength) {
                throw new DecodeException(
                        "invalid snappy block: " + n + " bytes decoded, header said " + decodedLength);
            }
            return scan(out, n, version);
        } finally {
            decoding.addAndGet(-decodedLength);
        }
    }

    /** The decompressed bytes held by the decodes running now. */
    public long decodingBytes() {
        return decoding.get();
    }

    private byte[] buffer(int size) {
        return reusable(scratch, size);
    }

    private byte[] reusable(ThreadLocal<byte[]> kept, int size) {
        byte[] current = kept.get();
        if (current.length >= size) {
            return current;
        }
        if (size > retainedBytes) {
            return new byte[size];
        }
        // grow geometrically so a slowly rising batch size does not reallocate every request
        byte[] grown = new byte[(int) Math.min(retainedBytes, Math.max(size, 2L * current.length))];
        kept.set(grown);
        return grown;
    }

    private static WriteStats scan(byte[] decoded, int length, RemoteWriteVersion version) throws DecodeException {
        try {
            return version == RemoteWriteVersion.V1
                    ? V1Scanner.scan(decoded, 0, length)
                    : V2Scanner.scan(decoded, 0, length);
        } catch (RuntimeException e) {
            // a scanner bug must still become a 400 for this request, not a crashed connection;
            // the property tests fail on this prefix so such bugs do not go unnoticed
            throw new DecodeException(
                    "invalid protobuf (internal " + e.getClass().getSimpleName() + ")");
        }
    }
}
