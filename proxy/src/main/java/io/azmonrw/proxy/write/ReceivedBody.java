package io.azmonrw.proxy.write;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body as the chunks it arrived in. Vert.x already hands each chunk over as its own heap copy of the
 * network buffer, so the chunks are kept, not copied once more into one array: a one-chunk body is that chunk, a
 * longer one a composite over the chunks, sent upstream as it is (the bytes go out exactly as they came in).
 */
final class ReceivedBody {
    private final List<Buffer> chunks = new ArrayList<>(4);
    private long length;

    void add(Buffer chunk) {
        if (chunk.length() > 0) {
            chunks.add(chunk);
            length += chunk.length();
        }
    }

    long length() {
        return length;
    }

    /** The whole body, sharing the chunks' memory. */
    Buffer buffer() {
        if (chunks.isEmpty()) {
            return Buffer.buffer(0);
        }
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        ByteBuf[] parts = new ByteBuf[chunks.size()];
        for (int i = 0; i < parts.length; i++) {
            Buffer c = chunks.get(i);
            // Vert.x's own buffers always are BufferInternal; a copy only for a foreign implementation
            parts[i] =
                    c instanceof BufferInternal internal ? internal.getByteBuf() : Unpooled.wrappedBuffer(c.getBytes());
        }
        // as many components as chunks: with fewer, Netty would consolidate (copy) them
        return BufferInternal.buffer(Unpooled.wrappedBuffer(parts.length, parts));
    }
}
