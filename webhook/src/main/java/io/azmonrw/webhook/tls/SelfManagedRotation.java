package io.azmonrw.webhook.tls;

import io.azmonrw.webhook.certs.SelfManagedCertificates;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CERT_MODE=self-managed: runs {@link SelfManagedCertificates#ensure()} (blocking, on the worker pool)
 * at startup and then every {@link SelfManagedCertificates#RECHECK_INTERVAL}, sooner after a failure.
 * It only writes the PEM files; {@link CertificateReloader} notices them and the server serves them,
 * the same path as a kubelet-mounted Secret.
 */
public final class SelfManagedRotation {
    private static final Logger LOG = LoggerFactory.getLogger(SelfManagedRotation.class);
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final String HELP = "Self-managed certificate checks, by result";

    private final Vertx vertx;
    private final WorkerExecutor worker;
    private final SelfManagedCertificates certificates;
    private final WebhookMetrics metrics;
    private volatile boolean stopped;
    private long timerId = -1;

    public SelfManagedRotation(
            Vertx vertx, WorkerExecutor worker, SelfManagedCertificates certificates, WebhookMetrics metrics) {
        this.vertx = vertx;
        this.worker = worker;
        this.certificates = certificates;
        this.metrics = metrics;
    }

    /** Starts the first check; never fails (the webhook port simply stays closed until the files exist). */
    public void start() {
        check();
    }

    public void stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        worker.executeBlocking(certificates::ensure, false)
                .timeout(BOUND.toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(o -> {
                    metrics.count(
                            "self_managed_cert_checks_total",
                            HELP,
                            "result",
                            o.action().name().toLowerCase(java.util.Locale.ROOT));
                    LOG.info(
                            "self-managed certificate {} (valid until {}, caBundle patched: {}, files written: {})",
                            o.action(),
                            o.notAfter(),
                            o.caBundlePatched(),
                            o.filesWritten());
                    schedule(SelfManagedCertificates.RECHECK_INTERVAL);
                })
                .onFailure(e -> {
                    metrics.count("self_managed_cert_checks_total", HELP, "result", "failed");
                    LOG.warn(
                            "self-managed certificate check failed: {} (retrying in {} s)",
                            String.valueOf(e.getMessage()),
                            RETRY.toSeconds());
                    schedule(RETRY);
                });
    }

    private void schedule(Duration in) {
        if (!stopped) {
            timerId = vertx.setTimer(in.toMillis(), id -> check());
        }
    }
}
