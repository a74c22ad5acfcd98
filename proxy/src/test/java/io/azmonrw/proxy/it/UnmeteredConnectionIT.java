package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.azmonrw.common.metrics.MetricsSetup;
import io.azmonrw.proxy.LogCapture;
import io.azmonrw.testkit.IngestionStandIn;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A connection Vert.x serves without a socket metric (its bind race at start: the server's metrics appear while the
 * first accepted connection is being set up) is answered, not left hanging until the idle timeout.
 */
class UnmeteredConnectionIT {
    private static final String READY = "GET /ready HTTP/1.1\r\nHost: localhost\r\n\r\n";

    /** Micrometer's metrics, except that the next connection once armed gets no socket metric, as in the race. */
    private static final class DroppingFactory implements VertxMetricsFactory {
        final AtomicBoolean dropNext = new AtomicBoolean();
        private final VertxMetricsFactory real;

        DroppingFactory(PrometheusMeterRegistry registry) {
            real = MetricsSetup.metricsFactory(registry);
        }

        @Override
        public VertxMetrics metrics(VertxOptions options) {
            VertxMetrics m = real.metrics(options);
            return (VertxMetrics) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {VertxMetrics.class}, (p, method, args) -> {
                        Object r = call(m, method, args);
                        return method.getName().equals("createHttpServerMetrics") && r != null
                                ? dropping((HttpServerMetrics<?, ?, ?>) r)
                                : r;
                    });
        }

        private Object dropping(HttpServerMetrics<?, ?, ?> m) {
            return Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {HttpServerMetrics.class}, (p, method, args) -> {
                        boolean socketConnected = method.getName().equals("connected") && args.length == 2;
                        return socketConnected && dropNext.compareAndSet(true, false) ? null : call(m, method, args);
                    });
        }

        private static Object call(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Test
    void aRequestOnAConnectionWithoutSocketMetricIsAnsweredAndLaterRequestsAreCounted() throws Exception {
        DroppingFactory[] factory = new DroppingFactory[1];
        try (IngestionStandIn ingestion = IngestionStandIn.startPlainHttp();
                LogCapture logs = new LogCapture();
                ProxyHarness proxy = new ProxyHarness(
                        ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test")),
                        ProxyHarness.counting(new AtomicInteger()),
                        registry ->
                                MetricsSetup.vertx(factory[0] = new DroppingFactory(registry), new VertxOptions()))) {
            factory[0].dropNext.set(true);
            try (RawHttp c = new RawHttp(proxy.port)) {
                // bounded well below IDLE_TIMEOUT (60 s): a hang shows as a timeout here
                c.timeout(10_000);
                RawHttp.Response r = c.send(READY).read();
                assertThat(r).as("an answer on the unmetered connection").isNotNull();
                assertThat(r.status()).isIn(200, 503);
            }
            assertThat(factory[0].dropNext)
                    .as("the request above used the unmetered connection")
                    .isFalse();

            assertThat(proxy.get("/ready").statusCode()).isIn(200, 503);
            // the unmetered request is not counted, the one on a metered connection is
            long deadline = System.currentTimeMillis() + 10_000;
            while (proxy.metricSum("vertx_http_server_requests_total") < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(proxy.metricSum("vertx_http_server_requests_total")).isEqualTo(1);
            assertThat(logs.events()).as("no NPE from the metrics").noneMatch(e -> text(e).contains("socketMetric"));
        }
    }

    /** The message and every exception message of the event, causes included. */
    private static String text(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append('\n').append(t.getMessage());
        }
        return b.toString();
    }
}
