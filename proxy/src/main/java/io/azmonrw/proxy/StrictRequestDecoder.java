package io.azmonrw.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's HTTP/1.x request decoder with two changes for {@link ProxyServers}: a request carrying both Content-Length
 * and Transfer-Encoding: chunked keeps its Content-Length header (Netty drops it silently) so that {@link Framing}
 * refuses it, and the request head (request line and headers) must arrive within a total deadline, where the idle
 * timer alone restarts on every byte of a client trickling its headers.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private final long headDeadlineMillis;
    /** True between a request's first byte and its complete head; the deadline runs then. */
    private boolean readingHead;

    private boolean betweenRequests = true;
    private ScheduledFuture<?> deadline;
    /**
     * Set after a request whose framing {@link Framing} refuses: the bytes after it may be a smuggled request, so
     * none of them is decoded while Framing answers and closes the connection.
     */
    private boolean discarding;

    StrictRequestDecoder(HttpServerOptions options, long headDeadlineMillis) {
        super(options);
        this.headDeadlineMillis = headDeadlineMillis;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // RFC 9112 section 6.1: such a request may be an attempt to smuggle a second one; Framing answers 400 and
        // closes
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (discarding) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (betweenRequests && !readingHead && buffer.isReadable()) {
            readingHead = true;
            deadline = ctx.executor()
                    .schedule(
                            () -> {
                                if (readingHead) {
                                    ctx.close();
                                }
                            },
                            headDeadlineMillis,
                            TimeUnit.MILLISECONDS);
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest r) {
                discarding |= Framing.refused(
                        r.headers().get(HttpHeaderNames.TRANSFER_ENCODING),
                        r.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING).size(),
                        r.headers().contains(HttpHeaderNames.CONTENT_LENGTH));
                readingHead = false;
                betweenRequests = false;
                if (deadline != null) {
                    deadline.cancel(false);
                    deadline = null;
                }
            }
            if (o instanceof LastHttpContent) {
                betweenRequests = true;
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.handlerRemoved0(ctx);
    }
}
