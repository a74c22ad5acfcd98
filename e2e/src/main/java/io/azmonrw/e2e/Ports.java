package io.azmonrw.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ephemeral loopback ports for programs that need a port number before they start (Prometheus, the proxy). */
public final class Ports {
    private Ports() {}

    /** Binds port 0 on 127.0.0.1, reads the port the kernel chose and releases it. */
    public static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
