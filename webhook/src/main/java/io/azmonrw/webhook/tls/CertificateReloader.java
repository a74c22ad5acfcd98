package io.azmonrw.webhook.tls;

import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the PEM files and hands every new, valid certificate to a consumer. Polling the resolved
 * content (rather than a WatchService) sees the kubelet's {@code ..data} symlink swap, a plain
 * rewrite and a self-managed rotation alike, and costs two small reads every few seconds.
 */
public final class CertificateReloader {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private static final String RELOADS_HELP =
            "Certificate file checks that loaded a new certificate (ok) or found unusable files (failed)";

    private final Vertx vertx;
    private final Path certFile;
    private final Path keyFile;
    private final Duration interval;
    private final WebhookMetrics metrics;
    private volatile PemMaterial current;
    private volatile String lastError = "not loaded yet";
    private String lastFailedLog = "";
    private long timerId = -1;
    private boolean polling;

    public CertificateReloader(Vertx vertx, Path certFile, Path keyFile, Duration interval, WebhookMetrics metrics) {
        this.vertx = vertx;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.interval = interval;
        this.metrics = metrics;
        metrics.gauge(
                "tls_certificate_expiry_timestamp_seconds",
                "notAfter of the certificate being served, in Unix seconds",
                () -> {
                    PemMaterial m = this.current;
                    return m == null ? Double.NaN : (double) m.notAfter().getEpochSecond();
                });
    }

    /** The certificate being served, if any. */
    public Optional<PemMaterial> current() {
        return Optional.ofNullable(current);
    }

    /** Why nothing (new) is loaded, for readiness. */
    public String lastError() {
        return lastError;
    }

    /** Reads the files off the event loop. */
    public Future<PemMaterial> read() {
        return vertx.executeBlocking(() -> PemMaterial.read(vertx, certFile, keyFile), false);
    }

    /**
     * Starts polling. {@code apply} installs a material in the server and completes when it is served;
     * only then does it become {@link #current()}. A failed read or install keeps the old certificate.
     */
    public Future<Void> start(Function<PemMaterial, Future<?>> apply) {
        Future<Void> first = poll(apply);
        timerId = vertx.setPeriodic(interval.toMillis(), id -> poll(apply));
        return first;
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One check; the future fails when the files are unusable or the server refused them. */
    private Future<Void> poll(Function<PemMaterial, Future<?>> apply) {
        if (polling) {
            return Future.succeededFuture(); // a slow disk must not stack up reads
        }
        polling = true;
        return read().compose(m -> {
                    PemMaterial old = current;
                    if (old != null && old.sha256().equals(m.sha256())) {
                        return Future.<Void>succeededFuture();
                    }
                    return apply.apply(m).map(x -> {
                        current = m;
                        lastError = "";
                        lastFailedLog = "";
                        metrics.count("tls_reloads_total", RELOADS_HELP, "result", "ok");
                        if (old == null) {
                            LOG.info("TLS certificate loaded from {}: {}", certFile, m);
                        } else {
                            LOG.info("TLS certificate reloaded from {} without restart: {}", certFile, m);
                        }
                        if (m.notAfter().isBefore(Instant.now())) {
                            LOG.warn("the TLS certificate expired at {}: the API server will refuse it", m.notAfter());
                        }
                        return (Void) null;
                    });
                })
                .onFailure(e -> {
                    String msg = e instanceof java.nio.file.NoSuchFileException
                            ? "no such file " + e.getMessage()
                            : String.valueOf(e.getMessage());
                    lastError = msg;
                    metrics.count("tls_reloads_total", RELOADS_HELP, "result", "failed");
                    // the same failure every few seconds would flood the log: say it once until it changes
                    if (!msg.equals(lastFailedLog)) {
                        lastFailedLog = msg;
                        if (current == null) {
                            LOG.warn(
                                    "no TLS certificate yet ({} / {}): {}; the webhook port opens once they are valid",
                                    certFile,
                                    keyFile,
                                    msg);
                        } else {
                            LOG.warn("new TLS files not usable, still serving {}: {}", current, msg);
                        }
                    }
                })
                .onComplete(x -> polling = false);
    }
}
