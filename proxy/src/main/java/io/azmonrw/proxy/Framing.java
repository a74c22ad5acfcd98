package io.azmonrw.proxy;

import io.azmonrw.common.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Refuses HTTP/1.x requests whose body framing is ambiguous before any route sees them (RFC 9112 section 6): both
 * Content-Length and Transfer-Encoding (400), or a transfer coding other than chunked (501). The connection is closed
 * after the answer, so that bytes a client meant as a second, smuggled request are never parsed.
 */
final class Framing implements Handler<HttpServerRequest> {
    private final Handler<HttpServerRequest> next;

    Framing(Handler<HttpServerRequest> next) {
        this.next = next;
    }

    @Override
    public void handle(HttpServerRequest req) {
        if (req.version() == HttpVersion.HTTP_2) {
            // HTTP/2 frames bodies itself; its codec refuses these headers
            next.handle(req);
            return;
        }
        String te = req.getHeader(HttpHeaders.TRANSFER_ENCODING);
        int teCount = req.headers().getAll(HttpHeaders.TRANSFER_ENCODING).size();
        boolean cl = req.headers().contains(HttpHeaders.CONTENT_LENGTH);
        if (!refused(te, teCount, cl)) {
            next.handle(req);
        } else if (cl) {
            refuse(req, 400, "bad_request", "a request must not carry both Content-Length and Transfer-Encoding");
        } else {
            refuse(
                    req,
                    501,
                    "not_implemented",
                    "Transfer-Encoding '" + io.azmonrw.common.logging.OneLine.of(te)
                            + "' is not supported; only chunked is");
        }
    }

    /** Whether a request with these headers is refused: a Transfer-Encoding beside Content-Length, or one other than a single chunked. */
    static boolean refused(String transferEncoding, int transferEncodingHeaders, boolean contentLength) {
        if (transferEncoding == null) {
            return false;
        }
        return contentLength
                || transferEncodingHeaders != 1
                || !transferEncoding.trim().equalsIgnoreCase("chunked");
    }

    private static void refuse(HttpServerRequest req, int status, String code, String message) {
        req.pause();
        req.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Responses.errorBody(status, code, message).encode())
                .onComplete(ar -> req.connection().close());
    }
}
