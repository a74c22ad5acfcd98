package io.azmonrw.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving certificate's notAfter as {@code azmon_rw_webhook_tls_certificate_expiry_timestamp_seconds}, the series
 * the AzmonRwWebhookCertificateExpiringSoon alert reads: set on the first load, moved by every rotation, kept when new
 * files are unusable. Expected values come from the BouncyCastle-issued certificates, not from the reloader.
 */
class CertificateExpiryMetricTest {
    static final String SERIES = "azmon_rw_webhook_tls_certificate_expiry_timestamp_seconds";

    Vertx vertx;
    PrometheusMeterRegistry registry;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    OptionalDouble value() {
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(SERIES + " ")) {
                return OptionalDouble.of(
                        Double.parseDouble(line.substring(SERIES.length() + 1).trim()));
            }
        }
        return OptionalDouble.empty();
    }

    static double notAfter(TestCerts.Issued c) {
        return c.certificate().getNotAfter().toInstant().getEpochSecond();
    }

    void awaitValue(double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && value().orElse(Double.NaN) != expected) {
            Thread.sleep(50);
        }
        assertThat(value()).hasValue(expected);
    }

    @Test
    void expiryFollowsTheCertificateBeingServedThroughLoadRotationAndBrokenFiles(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        CertificateReloader reloader = new CertificateReloader(
                vertx,
                tls.resolve("tls.crt"),
                tls.resolve("tls.key"),
                Duration.ofMillis(100),
                new WebhookMetrics(registry));
        // exported before any certificate, as NaN: the alert's comparison is false, never a false page
        assertThat(value())
                .isPresent()
                .satisfies(v -> assertThat(v.getAsDouble()).isNaN());

        TestCerts.Issued first = TestCerts.ec("first", Duration.ofDays(10));
        TestCerts.Issued second = TestCerts.ec("second", Duration.ofDays(90));
        assertThat(notAfter(second) - notAfter(first)).isGreaterThan(79 * 86400.0);
        TestCerts.writeLikeKubelet(tls, first);
        vertx.getOrCreateContext().runOnContext(v -> reloader.start(m -> Future.succeededFuture()));
        awaitValue(notAfter(first));

        TestCerts.writeLikeKubelet(tls, second);
        awaitValue(notAfter(second));

        // a key that does not match: refused, the second certificate is still served and still reported
        TestCerts.Issued third = TestCerts.ec("third", Duration.ofDays(5));
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        TestCerts.writePlain(
                new TestCerts.Issued(third.certificate(), second.keyPair(), third.certPem(), second.keyPem()),
                broken.resolve("tls.crt"),
                broken.resolve("tls.key"));
        Files.delete(tls.resolve("tls.crt"));
        Files.createSymbolicLink(tls.resolve("tls.crt"), broken.resolve("tls.crt"));
        Files.delete(tls.resolve("tls.key"));
        Files.createSymbolicLink(tls.resolve("tls.key"), broken.resolve("tls.key"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && !registry.scrape().contains("azmon_rw_webhook_tls_reloads_total{result=\"failed\"}")) {
            Thread.sleep(50);
        }
        assertThat(registry.scrape()).contains("azmon_rw_webhook_tls_reloads_total{result=\"failed\"}");
        assertThat(value()).hasValue(notAfter(second));
        vertx.runOnContext(v -> reloader.stop());
    }
}
