package io.azmonrw.common.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Wraps a Vert.x metrics factory so that an HTTP server connection without a socket metric is served, uncounted.
 *
 * <p>Why: Vert.x 5.0.7's NetServerImpl creates the server's metrics in a listener of the bind future, on the acceptor
 * thread. When the bind completes before the listening thread has added that listener (a loaded machine), the listener
 * runs as a later acceptor task, after accepting has begun. A connection accepted in between finds no metrics in
 * NetServerImpl.connected(), so it gets no socket metric, while HttpServerConnectionInitializer, a moment later, hands
 * its HTTP connection the metrics created meanwhile. vertx-micrometer-metrics then throws an NPE in {@code
 * requestBegin} ("socketMetric" is null) while the request is decoded, and again in {@code exceptionOccurred}, which
 * skips VertxHandler's close: the request hangs until the idle timeout (reproduced by holding those threads at breakpoints).
 * Each call about a null socket, request or WebSocket metric is skipped here instead. The same class of bug:
 * vert-x3/vertx-dropwizard-metrics#100.
 */
public final class NullSafeServerMetrics implements VertxMetricsFactory {
    private final VertxMetricsFactory inner;

    public NullSafeServerMetrics(VertxMetricsFactory inner) {
        this.inner = inner;
    }

    @Override
    public VertxMetrics metrics(VertxOptions options) {
        VertxMetrics m = inner.metrics(options);
        return m == null ? null : new Guarded(m);
    }

    @Override
    public MetricsOptions newOptions() {
        return inner.newOptions();
    }

    @Override
    public MetricsOptions newOptions(MetricsOptions options) {
        return inner.newOptions(options);
    }

    @Override
    public MetricsOptions newOptions(JsonObject json) {
        return inner.newOptions(json);
    }

    static <R, W, S> HttpServerMetrics<R, W, S> guard(HttpServerMetrics<R, W, S> m) {
        return new GuardedHttpServer<>(m);
    }

    /** Every category as the wrapped metrics have it; HTTP server metrics guarded. */
    private record Guarded(VertxMetrics d) implements VertxMetrics {
        @Override
        public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress local) {
            HttpServerMetrics<?, ?, ?> m = d.createHttpServerMetrics(options, local);
            return m == null ? null : guard(m);
        }

        @Override
        public EventBusMetrics<?> createEventBusMetrics() {
            return d.createEventBusMetrics();
        }

        @Override
        public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remote, String type, String namespace) {
            return d.createClientMetrics(remote, type, namespace);
        }

        @Override
        public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions o) {
            return d.createHttpClientMetrics(o);
        }

        @Override
        public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress local) {
            return d.createNetServerMetrics(options, local);
        }

        @Override
        public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
            return d.createNetClientMetrics(options);
        }

        @Override
        public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
            return d.createDatagramSocketMetrics(options);
        }

        @Override
        public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
            return d.createPoolMetrics(type, name, maxSize);
        }

        @Override
        public void vertxCreated(Vertx vertx) {
            d.vertxCreated(vertx);
        }

        @Override
        public boolean isMetricsEnabled() {
            return d.isMetricsEnabled();
        }

        @Override
        public void close() {
            d.close();
        }
    }

    /** Passes each call on unless the socket (S), request (R) or WebSocket (W) metric it is about is null. */
    private record GuardedHttpServer<R, W, S>(HttpServerMetrics<R, W, S> d) implements HttpServerMetrics<R, W, S> {
        @Override
        public S connected(SocketAddress remote, String remoteName) {
            return d.connected(remote, remoteName);
        }

        @Override
        public void disconnected(S socket, SocketAddress remote) {
            if (socket != null) {
                d.disconnected(socket, remote);
            }
        }

        @Override
        public void bytesRead(S socket, SocketAddress remote, long bytes) {
            if (socket != null) {
                d.bytesRead(socket, remote, bytes);
            }
        }

        @Override
        public void bytesWritten(S socket, SocketAddress remote, long bytes) {
            if (socket != null) {
                d.bytesWritten(socket, remote, bytes);
            }
        }

        @Override
        public void exceptionOccurred(S socket, SocketAddress remote, Throwable t) {
            if (socket != null) {
                d.exceptionOccurred(socket, remote, t);
            }
        }

        @Override
        public R requestBegin(S socket, HttpRequest request) {
            return socket == null ? null : d.requestBegin(socket, request);
        }

        @Override
        public void requestEnd(R request, HttpRequest req, long bytesRead) {
            if (request != null) {
                d.requestEnd(request, req, bytesRead);
            }
        }

        @Override
        public void requestReset(R request) {
            if (request != null) {
                d.requestReset(request);
            }
        }

        @Override
        public void responseBegin(R request, HttpResponse response) {
            if (request != null) {
                d.responseBegin(request, response);
            }
        }

        @Override
        public R responsePushed(S socket, HttpMethod method, String uri, HttpResponse response) {
            return socket == null ? null : d.responsePushed(socket, method, uri, response);
        }

        @Override
        public void responseEnd(R request, HttpResponse response, long bytesWritten) {
            if (request != null) {
                d.responseEnd(request, response, bytesWritten);
            }
        }

        @Override
        public W connected(S socket, R request, ServerWebSocket ws) {
            return socket == null ? null : d.connected(socket, request, ws);
        }

        @Override
        public void disconnected(W ws) {
            if (ws != null) {
                d.disconnected(ws);
            }
        }

        @Override
        public void requestRouted(R request, String route) {
            if (request != null) {
                d.requestRouted(request, route);
            }
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
