package io.azmonrw.e2e;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scrape target with many series: {@code e2e_synthetic_value{group="gK",series="N"}}, values changing on every
 * scrape, so that every (series, timestamp) Prometheus stores can be looked for at the receiving end.
 */
public final class SyntheticTarget {
    public static final String METRIC = "e2e_synthetic_value";

    private final Vertx vertx;
    private final int series;
    private final int groups;
    private final AtomicLong scrapes = new AtomicLong();
    private volatile HttpServer server;

    public SyntheticTarget(Vertx vertx, int series, int groups) {
        this.vertx = vertx;
        this.series = series;
        this.groups = groups;
    }

    public Future<Void> start() {
        return vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> {
                    if (!"/metrics".equals(req.path())) {
                        req.response().setStatusCode(404).end();
                        return;
                    }
                    req.response()
                            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(body(scrapes.incrementAndGet()));
                })
                .listen()
                .map(s -> {
                    server = s;
                    return null;
                });
    }

    private String body(long scrape) {
        StringBuilder sb = new StringBuilder(series * 60);
        sb.append("# HELP ").append(METRIC).append(" Synthetic series for end-to-end delivery checks.\n");
        sb.append("# TYPE ").append(METRIC).append(" gauge\n");
        for (int i = 0; i < series; i++) {
            sb.append(METRIC)
                    .append("{group=\"g")
                    .append(i % groups)
                    .append("\",series=\"")
                    .append(i)
                    .append("\"} ")
                    .append(scrape * 1000 + i % 1000)
                    .append('\n');
        }
        return sb.toString();
    }

    public Future<Void> stop() {
        HttpServer s = server;
        return s == null ? Future.succeededFuture() : s.close();
    }

    public int port() {
        return server.actualPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public int series() {
        return series;
    }

    public int groups() {
        return groups;
    }

    public long scrapes() {
        return scrapes.get();
    }
}
