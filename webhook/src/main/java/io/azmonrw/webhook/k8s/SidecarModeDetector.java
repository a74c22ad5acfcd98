package io.azmonrw.webhook.k8s;

import io.azmonrw.webhook.WebhookConfig.SidecarMode;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves SIDECAR_MODE: fixed for native/container; for auto, reads {@code /version} and every
 * node's kubelet version at startup and again periodically (nodes are upgraded one by one), and
 * stays with plain containers until a check says every part is 1.29+.
 */
public final class SidecarModeDetector implements BooleanSupplier {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarModeDetector.class);
    public static final Duration RECHECK = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final KubernetesClient client;
    private final BoundedApi api;
    private final SidecarMode mode;
    private volatile boolean nativeSupported;
    private volatile String reason = "not checked yet";
    private long timerId = -1;

    public SidecarModeDetector(
            Vertx vertx, KubernetesClient client, BoundedApi api, SidecarMode mode, WebhookMetrics metrics) {
        this.vertx = vertx;
        this.client = client;
        this.api = api;
        this.mode = mode;
        this.nativeSupported = mode == SidecarMode.NATIVE;
        metrics.gauge(
                "native_sidecars",
                "1 when the proxy is injected as a native sidecar (init container, restartPolicy Always)",
                () -> getAsBoolean() ? 1 : 0);
    }

    /** First check now (its failure is logged, not fatal), then every {@link #RECHECK}. */
    public Future<Void> start() {
        if (mode != SidecarMode.AUTO) {
            reason = "SIDECAR_MODE=" + mode.name().toLowerCase(java.util.Locale.ROOT);
            return Future.succeededFuture();
        }
        timerId = vertx.setPeriodic(RECHECK.toMillis(), id -> check());
        return check();
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One check; keeps the previous verdict when the API cannot be asked. */
    public Future<Void> check() {
        return api.background(
                        () -> {
                            VersionInfo v = client.getKubernetesVersion();
                            List<String> kubelets = new ArrayList<>();
                            for (Node n : client.nodes().list().getItems()) {
                                String kv =
                                        n.getStatus() == null || n.getStatus().getNodeInfo() == null
                                                ? null
                                                : n.getStatus().getNodeInfo().getKubeletVersion();
                                kubelets.add(kv == null ? "" : kv);
                            }
                            Optional<KubeVersion> server = v == null
                                    ? Optional.empty()
                                    : KubeVersion.parseServer(v.getMajor(), v.getMinor(), v.getGitVersion());
                            return SidecarSupport.decide(server, kubelets);
                        },
                        Duration.ofSeconds(30))
                .onSuccess(verdict -> {
                    boolean changed = verdict.nativeSupported() != nativeSupported || "not checked yet".equals(reason);
                    nativeSupported = verdict.nativeSupported();
                    reason = verdict.reason();
                    if (changed) {
                        LOG.info(
                                "SIDECAR_MODE=auto: injecting as {} ({})",
                                nativeSupported ? "native sidecar" : "container",
                                reason);
                    }
                })
                .onFailure(e -> LOG.warn(
                        "SIDECAR_MODE=auto: cannot read cluster versions ({}); keeping {}",
                        String.valueOf(e.getMessage()),
                        nativeSupported ? "native sidecars" : "containers"))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }

    @Override
    public boolean getAsBoolean() {
        return nativeSupported;
    }

    public String reason() {
        return reason;
    }
}
