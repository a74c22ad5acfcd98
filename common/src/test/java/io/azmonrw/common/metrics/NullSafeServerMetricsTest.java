package io.azmonrw.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class NullSafeServerMetricsTest {
    private static final SocketAddress LOCAL = SocketAddress.inetSocketAddress(8081, "127.0.0.1");
    private static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final VertxOptions options =
            new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));

    private VertxMetrics guarded() {
        return new NullSafeServerMetrics(MetricsSetup.metricsFactory(registry)).metrics(options);
    }

    @Test
    void everyCategoryMicrometerMeasuresIsStillMeasured() {
        VertxMetrics m = guarded();
        assertThat(m.isMetricsEnabled()).isTrue();
        assertThat(m.createHttpServerMetrics(new HttpServerOptions(), LOCAL)).isNotNull();
        assertThat(m.createHttpClientMetrics(new HttpClientOptions())).isNotNull();
        assertThat(m.createNetServerMetrics(new NetServerOptions(), LOCAL)).isNotNull();
        assertThat(m.createNetClientMetrics(new NetClientOptions())).isNotNull();
        assertThat(m.createDatagramSocketMetrics(new DatagramSocketOptions())).isNotNull();
        assertThat(m.createEventBusMetrics()).isNotNull();
        assertThat(m.createPoolMetrics("http", "pool", 4)).isNotNull();
        assertThat(m.createClientMetrics(REMOTE, "sql", "db")).isNotNull();
    }

    @Test
    void callsAboutAMissingSocketOrRequestMetricAreSkippedWhileTheOthersAreCounted() {
        exercise(guarded().createHttpServerMetrics(new HttpServerOptions(), LOCAL));
        String scrape = registry.scrape();
        assertThat(scrape).contains("vertx_http_server_bytes_read_total 100.0");
        assertThat(scrape).contains("vertx_http_server_errors_total 1.0");
    }

    /** Why the guard exists: vertx-micrometer-metrics 5.0.7 itself throws; when this fails, the guard can go. */
    @Test
    void unguardedMicrometerThrowsOnAMissingSocketMetric() {
        HttpServerMetrics<?, ?, ?> raw = MetricsSetup.metricsFactory(registry)
                .metrics(options)
                .createHttpServerMetrics(new HttpServerOptions(), LOCAL);
        assertThatThrownBy(() -> raw.exceptionOccurred(null, REMOTE, new IOException("reset")))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("socketMetric");
    }

    private static <R, W, S> void exercise(HttpServerMetrics<R, W, S> m) {
        S socket = m.connected(REMOTE, null);
        m.bytesRead(socket, REMOTE, 100);
        m.exceptionOccurred(socket, REMOTE, new IOException("reset"));

        m.bytesRead(null, REMOTE, 7);
        m.bytesWritten(null, REMOTE, 7);
        m.exceptionOccurred(null, REMOTE, new IOException("reset"));
        assertThat(m.requestBegin(null, null)).isNull();
        m.requestEnd(null, null, 7);
        m.requestReset(null);
        m.responseBegin(null, null);
        m.requestRouted(null, "/ready");
        m.responseEnd(null, null, 7);
        assertThat(m.responsePushed(null, HttpMethod.GET, "/", null)).isNull();
        assertThat(m.connected(null, null, null)).isNull();
        m.disconnected(null);
        m.disconnected(null, REMOTE);
    }
}
