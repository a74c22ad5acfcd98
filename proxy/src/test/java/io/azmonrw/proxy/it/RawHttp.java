package io.azmonrw.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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

    RawHttp send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** One chunk of a chunked body. */
    RawHttp chunk(byte[] data) throws IOException {
        send(Integer.toHexString(data.length) + "\r\n");
        send(data);
        return send("\r\n");
    }

    /** The next response; null when the server closed the connection first. */
    Response read() throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            c = in.read();
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
