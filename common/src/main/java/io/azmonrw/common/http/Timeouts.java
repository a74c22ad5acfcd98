package io.azmonrw.common.http;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Whether a failure means "the peer did not answer in time", told by the exception types the libraries here throw, never by message text. */
public final class Timeouts {
    /** A cause chain longer than this is not walked further (a library could build a cycle through initCause). */
    private static final int MAX_DEPTH = 32;

    private Timeouts() {}

    /**
     * True when {@code failure} or one of its causes is: {@link TimeoutException} (Vert.x's {@code Future.timeout}, an
     * HTTP client request's idle timeout and the wait for a pooled connection fail with its subclass
     * {@code NoStackTraceTimeoutException}); netty's {@code ConnectTimeoutException} (a Vert.x client's connect timeout);
     * {@link HttpTimeoutException} (the JDK HTTP client's request and connect timeouts, which fabric8's JDK client wraps in a
     * {@code KubernetesClientException}); {@link SocketTimeoutException} (a blocking socket's read or connect timeout).
     */
    public static boolean isTimeout(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
