package io.azmonrw.proxy.write;

import io.azmonrw.proxy.HttpsProxy;
import io.azmonrw.proxy.auth.TrustBundle;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends the original body to INGESTION_URL (and nowhere else) over pooled keep-alive connections,
 * HTTP/2 when the endpoint offers it through ALPN.
 */
public final class Forwarder {
    /** What came back: the status, lower-cased headers and a short body prefix for error messages. */
    public record Reply(int status, Map<String, String> headers, String bodyPrefix) {}

    private static final int MAX_BODY_PREFIX = 300;

    private final HttpClientAgent client;
    private final URI target;
    private final String userAgent;
    private final long timeoutMillis;

    public Forwarder(Vertx vertx, URI target, TrustBundle trust, HttpsProxy proxy, Duration timeout, String userAgent) {
        this.target = target;
        this.userAgent = userAgent;
        this.timeoutMillis = timeout.toMillis();
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.min(timeoutMillis, 10_000)))
                .setMaxRedirects(0)
                .setName("azmon-rw-ingestion");
        if (tls) {
            options.setSsl(true)
                    .setUseAlpn(true)
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setTrustOptions(TrustOptions.wrap(trust.trustManagerFactory()));
        } else {
            options.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (proxy != null && !proxy.bypasses(target.getHost())) {
            ProxyOptions p = new ProxyOptions()
                    .setType(ProxyType.HTTP)
                    .setHost(proxy.host())
                    .setPort(proxy.port());
            if (proxy.username() != null) {
                p.setUsername(proxy.username())
                        .setPassword(
                                proxy.password() == null ? "" : proxy.password().reveal());
            }
            options.setProxyOptions(p);
        }
        this.client = vertx.createHttpClient(
                options,
                new PoolOptions().setHttp1MaxSize(32).setHttp2MaxSize(4).setMaxWaitQueueSize(1024));
    }

    /** POSTs {@code body}; fails only when no answer came (connection error or timeout). */
    public Future<Reply> send(
            Buffer body, String contentType, String contentEncoding, String rwVersion, String bearer) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set(HttpHeaders.CONTENT_TYPE, contentType)
                .set(HttpHeaders.CONTENT_ENCODING, contentEncoding)
                .set(HttpHeaders.USER_AGENT, userAgent)
                .set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        if (rwVersion != null) {
            headers.set("X-Prometheus-Remote-Write-Version", rwVersion);
        }
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.toString())
                .setHeaders(headers)
                .setIdleTimeout(timeoutMillis);
        return client.request(ro).compose(req -> req.send(body)).compose(resp -> {
            // keep only the start of an error body for the message; the rest is read and dropped
            Promise<Reply> reply = Promise.promise();
            Buffer prefix = Buffer.buffer();
            resp.handler(chunk -> {
                int room = MAX_BODY_PREFIX - prefix.length();
                if (room > 0) {
                    prefix.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
                }
            });
            resp.exceptionHandler(reply::tryFail);
            resp.endHandler(v -> {
                Map<String, String> h = new HashMap<>();
                resp.headers().forEach(e -> h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                reply.tryComplete(new Reply(resp.statusCode(), h, prefix.toString(StandardCharsets.UTF_8)));
            });
            return reply.future();
        });
    }

    public Future<Void> close() {
        return client.close();
    }
}
