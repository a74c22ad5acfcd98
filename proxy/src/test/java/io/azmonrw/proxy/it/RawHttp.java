package io.azmonrw.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One HTTP/1.1 connection written byte for byte, for framing a client library would never send (and aborts mid-body). */
final class RawHttp implements AutoCloseable {
    /** A response read off the wire: status, head text, body text. */
    record Response(int status, String head, String body) {}

    static final String WRITE_HEAD =
            "POST /api/v1/write HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Encoding: snappy\r\n";

    private final Socket socket;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
    }

    RawHttp send(String text) throws IOException {
        return send(ascii(text));
    }

    RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** One chunk of a chunked body. */
    RawHttp chunk(byte[] data) throws IOException {
        return send(chunked(data));
    }

    /**
     * A whole request in one write. A server may answer from the head alone and close at once; a client still writing
     * the rest would then fail on a broken pipe before it could read that answer.
     */
    RawHttp sendWhole(String head, byte[]... body) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(ascii(head));
        for (byte[] part : body) {
            all.writeBytes(part);
        }
        return send(all.toByteArray());
    }

    /** The bytes of one chunk of a chunked body: size line, data, CRLF. */
    static byte[] chunked(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 12);
        out.writeBytes(ascii(Integer.toHexString(data.length) + "\r\n"));
        out.writeBytes(data);
        out.writeBytes(ascii("\r\n"));
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The next response; null when the server closed the connection (or reset it) before its first byte. */
    Response read() throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            try {
                c = in.read();
            } catch (SocketException e) {
                // a server closing with request bytes unread sends a reset instead of a FIN
                if (head.length() == 0) {
                    return null;
                }
                throw e;
            }
            if (c < 0) {
                return null;
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < length && (c = in.read()) >= 0) {
            body.write(c);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        return new Response(status, head.toString(), body.toString(StandardCharsets.UTF_8));
    }

    /** True when the server closes the connection within the socket timeout without sending anything more. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset counts as closed
            return true;
        }
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
