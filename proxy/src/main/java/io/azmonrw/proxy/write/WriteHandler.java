package io.azmonrw.proxy.write;

import io.azmonrw.common.config.Cidr;
import io.azmonrw.common.http.HttpError;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.proxy.decode.DecodeException;
import io.azmonrw.proxy.decode.RemoteWriteDecoder;
import io.azmonrw.proxy.decode.RemoteWriteVersion;
import io.azmonrw.proxy.decode.WriteStats;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: checks the writer, the headers and the size, buffers the capped body within
 * the global budget, decodes it to validate and count, then hands it to {@link UpstreamCall}.
 */
public final class WriteHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteHandler.class);
    /**
     * Bodies up to this compressed size are decoded on the event loop, bigger ones on the decode worker. The decoder
     * runs at 200-500 MB/s of decompressed protobuf here (proxy/docs/decoder.md); 128 KiB of snappy is at most about
     * 0.7 MB decompressed for Prometheus bodies, about 2 ms, and Prometheus' usual 2000-sample batches are far smaller.
     */
    static final int INLINE_DECODE_MAX_BYTES = 128 * 1024;

    private final WriterCheck writers;
    private final long maxBodyBytes;
    private final InflightBudget budget;
    private final RemoteWriteDecoder decoder;
    private final WorkerExecutor decodeWorker;
    private final UpstreamCall upstream;
    private final WriteOutcomes outcomes;
    private final ShutdownGate gate;
    private final AtomicLong inflightRequests;

    public WriteHandler(
            List<Cidr> allowedWriters,
            long maxBodyBytes,
            InflightBudget budget,
            RemoteWriteDecoder decoder,
            WorkerExecutor decodeWorker,
            UpstreamCall upstream,
            WriteOutcomes outcomes,
            ShutdownGate gate,
            AtomicLong inflightRequests) {
        this.writers = new WriterCheck(allowedWriters);
        this.maxBodyBytes = maxBodyBytes;
        this.budget = budget;
        this.decoder = decoder;
        this.decodeWorker = decodeWorker;
        this.upstream = upstream;
        this.outcomes = outcomes;
        this.gate = gate;
        this.inflightRequests = inflightRequests;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!writers.allowed(req)) {
            String writer = WriterCheck.writerAddress(req.remoteAddress());
            outcomes.fail(ctx, new WriteErrors.Forbidden(writer == null ? "an unknown address" : writer), null);
            return;
        }
        // only allowed writers keep a shutting-down proxy in its quiet period
        gate.writeArrived();
        String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
        RemoteWriteVersion version = RemoteWriteVersion.fromContentType(contentType);
        if (version == null) {
            outcomes.fail(
                    ctx,
                    new WriteErrors.UnsupportedMedia(
                            "Content-Type '" + OneLine.of(contentType) + "' is not remote write 1.0 or 2.0 protobuf"),
                    null);
            return;
        }
        if (version == RemoteWriteVersion.V2 && !upstream.forwardsRw2()) {
            outcomes.fail(ctx, new WriteErrors.UnsupportedMedia(UpstreamCall.RW2_REJECTED), null);
            return;
        }
        String encoding = req.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
            outcomes.fail(
                    ctx,
                    new WriteErrors.UnsupportedMedia(
                            "Content-Encoding must be snappy, not '" + OneLine.of(encoding) + "'"),
                    null);
            return;
        }
        long declared = contentLength(req);
        if (declared > maxBodyBytes) {
            outcomes.tooLarge(ctx, "body of " + declared + " bytes exceeds MAX_BODY_BYTES " + maxBodyBytes);
            return;
        }
        Reservation reservation = new Reservation(budget);
        if (declared > 0 && !reservation.take(declared)) {
            outcomes.fail(ctx, new WriteErrors.Overloaded("in-flight byte budget used up (MAX_INFLIGHT_BYTES)"), null);
            return;
        }
        inflightRequests.incrementAndGet();
        ctx.addEndHandler(ar -> {
            reservation.releaseAll();
            inflightRequests.decrementAndGet();
        });
        readBody(ctx, req, reservation, version, contentType, encoding);
    }

    private void readBody(
            RoutingContext ctx,
            HttpServerRequest req,
            Reservation reservation,
            RemoteWriteVersion version,
            String contentType,
            String encoding) {
        // the chunks Vert.x hands over are already its own heap copies, so they are kept as they are, not copied again
        // into one buffer: the body is forwarded as a composite of them (ReceivedBody). The reservation covers the
        // declared length up front, else (chunked) it grows by doubling ahead of what is held
        ReceivedBody body = new ReceivedBody();
        boolean[] done = {false};
        req.handler(chunk -> {
            if (done[0]) {
                return;
            }
            long size = body.length() + chunk.length();
            if (size > maxBodyBytes) {
                done[0] = true;
                outcomes.tooLarge(ctx, "body exceeds MAX_BODY_BYTES " + maxBodyBytes);
                return;
            }
            if (size > reservation.taken()) {
                long grown = Math.min(maxBodyBytes, Math.max(size, Math.max(256, 2 * reservation.taken())));
                if (!reservation.take(grown - reservation.taken())) {
                    done[0] = true;
                    outcomes.fail(
                            ctx,
                            new WriteErrors.Overloaded("in-flight byte budget used up (MAX_INFLIGHT_BYTES)"),
                            null);
                    req.connection().close();
                    return;
                }
            }
            body.add(chunk);
        });
        req.exceptionHandler(e -> done[0] = true);
        req.endHandler(v -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            outcomes.received(body.length());
            process(ctx, body.buffer(), version, contentType, encoding);
        });
        req.resume();
    }

    private void process(
            RoutingContext ctx, Buffer body, RemoteWriteVersion version, String contentType, String encoding) {
        if (body.length() == 0) {
            outcomes.fail(ctx, new WriteErrors.BadBody("empty body"), null);
            return;
        }
        decode(body, version).onComplete(ar -> {
            if (ar.failed()) {
                Throwable e = ar.cause();
                if (e instanceof DecodeException de) {
                    outcomes.fail(ctx, decodeError(de), null);
                } else {
                    LOG.error("decoder failed unexpectedly: {}", String.valueOf(e), e);
                    outcomes.fail(
                            ctx, new WriteErrors.BadBody("undecodable body: " + OneLine.of(String.valueOf(e))), null);
                }
                return;
            }
            WriteStats stats = ar.result();
            String rwVersion = version == RemoteWriteVersion.V2 ? "2.0.0" : "0.1.0";
            String forwardedEncoding = encoding.trim();
            upstream.forward(
                            body,
                            contentType,
                            forwardedEncoding,
                            rwVersion,
                            ctx.request().getHeader("X-Prometheus-Remote-Write-Version"))
                    .onComplete(res -> {
                        if (res.succeeded()) {
                            outcomes.ok(ctx, res.result(), stats);
                        } else {
                            outcomes.fail(ctx, res.cause(), stats);
                        }
                    });
        });
    }

    private Future<WriteStats> decode(Buffer body, RemoteWriteVersion version) {
        if (body.length() <= INLINE_DECODE_MAX_BYTES) {
            try {
                return Future.succeededFuture(decoder.decode(body, version));
            } catch (DecodeException | RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return decodeWorker.executeBlocking(() -> decoder.decode(body, version), false);
    }

    private static HttpError decodeError(DecodeException e) {
        return switch (e.kind()) {
            case TOO_LARGE -> new WriteErrors.TooLarge(e.getMessage());
            case WRONG_VERSION -> new WriteErrors.UnsupportedMedia(e.getMessage());
            case BUSY -> new WriteErrors.Overloaded(e.getMessage());
            case BAD -> new WriteErrors.BadBody(e.getMessage());
        };
    }

    private static long contentLength(HttpServerRequest req) {
        String v = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** This request's share of the in-flight budget, returned exactly once. */
    static final class Reservation {
        private final InflightBudget budget;
        private long taken;
        private boolean released;

        Reservation(InflightBudget budget) {
            this.budget = budget;
        }

        boolean take(long bytes) {
            if (released || !budget.tryAcquire(bytes)) {
                return false;
            }
            taken += bytes;
            return true;
        }

        long taken() {
            return taken;
        }

        void releaseAll() {
            if (!released) {
                released = true;
                budget.release(taken);
            }
        }
    }
}
