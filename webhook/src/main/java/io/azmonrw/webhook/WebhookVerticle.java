package io.azmonrw.webhook;

import io.azmonrw.common.http.Readiness;
import io.azmonrw.common.http.Routes;
import io.azmonrw.webhook.admission.AdmissionService;
import io.azmonrw.webhook.certs.SelfManagedCertificates;
import io.azmonrw.webhook.k8s.BoundedApi;
import io.azmonrw.webhook.k8s.InformerClusterLookup;
import io.azmonrw.webhook.k8s.KubernetesAdmissionEvents;
import io.azmonrw.webhook.k8s.SidecarModeDetector;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.azmonrw.webhook.mutation.PodPatches;
import io.azmonrw.webhook.reconcile.ReconcilerWiring;
import io.azmonrw.webhook.server.MutateHandler;
import io.azmonrw.webhook.server.WebhookServer;
import io.azmonrw.webhook.tls.CertificateReloader;
import io.azmonrw.webhook.tls.SelfManagedRotation;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Wires the webhook: HTTPS /mutate with certificate reload, the management port, and the cluster lookups behind admission. */
public final class WebhookVerticle extends VerticleBase {
    /** How often the certificate files are checked; the kubelet itself refreshes mounted Secrets only every minute or so. */
    public static final Duration TLS_POLL = Duration.ofSeconds(5);

    private final WebhookConfig config;
    private final PrometheusMeterRegistry registry;
    private final KubernetesClient client;
    private final String instance;
    private final Duration tlsPoll;
    private final Readiness readiness = new Readiness();
    private HttpServer management;
    private WebhookServer webhook;
    private InformerClusterLookup lookup;
    private SidecarModeDetector sidecars;
    private WorkerExecutor worker;
    private SelfManagedRotation rotation;
    private ReconcilerWiring reconciler;

    public WebhookVerticle(
            WebhookConfig config, PrometheusMeterRegistry registry, KubernetesClient client, String instance) {
        this(config, registry, client, instance, TLS_POLL);
    }

    /** @param tlsPoll certificate poll interval (tests shorten it) */
    public WebhookVerticle(
            WebhookConfig config,
            PrometheusMeterRegistry registry,
            KubernetesClient client,
            String instance,
            Duration tlsPoll) {
        this.config = config;
        this.registry = registry;
        this.client = client;
        this.instance = instance;
        this.tlsPoll = tlsPoll;
    }

    /** Where the TLS files are: the configured paths, or for self-managed certificates a default under the temp dir. */
    public static Path certFile(WebhookConfig config) {
        return config.tlsCertFile() != null
                ? config.tlsCertFile()
                : defaultTlsDir().resolve("tls.crt");
    }

    public static Path keyFile(WebhookConfig config) {
        return config.tlsKeyFile() != null
                ? config.tlsKeyFile()
                : defaultTlsDir().resolve("tls.key");
    }

    private static Path defaultTlsDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "azmon-rw-webhook-tls");
    }

    public int managementPort() {
        return management.actualPort();
    }

    /** The HTTPS port, or -1 while no valid certificate has been found. */
    public int webhookPort() {
        return webhook.actualPort();
    }

    public Readiness readiness() {
        return readiness;
    }

    @Override
    public Future<?> start() {
        WebhookMetrics metrics = new WebhookMetrics(registry);
        worker = vertx.createSharedWorkerExecutor(BoundedApi.POOL_NAME, BoundedApi.POOL_SIZE, 60, TimeUnit.SECONDS);
        BoundedApi api = new BoundedApi(worker, config.apiTimeout());
        sidecars = new SidecarModeDetector(vertx, client, api, config.sidecarMode(), metrics);
        lookup = new InformerClusterLookup(client, api, metrics, sidecars);
        KubernetesAdmissionEvents events =
                new KubernetesAdmissionEvents(client, api, metrics, Clock.systemUTC(), instance);
        AdmissionService admission = new AdmissionService(vertx, config, lookup, events);

        Router router = Router.router(vertx);
        new MutateHandler(admission, metrics).mount(router);
        Routes.errors(router);
        CertificateReloader reloader =
                new CertificateReloader(vertx, certFile(config), keyFile(config), tlsPoll, metrics);
        webhook = new WebhookServer(vertx, config.webhookPort(), router, reloader);

        readiness.register(
                "tls",
                () -> webhook.ready()
                        ? Readiness.Result.up("serving "
                                + reloader.current().map(Object::toString).orElse(""))
                        : Readiness.Result.down("no valid certificate yet: " + reloader.lastError()));
        readiness.register(
                "caches",
                () -> lookup.synced()
                        ? Readiness.Result.up("ServiceAccount and Namespace caches synced")
                        : Readiness.Result.down("ServiceAccount and Namespace caches not synced yet"));
        readiness.registerInformational(
                "sidecar-mode",
                () -> Readiness.Result.up(
                        (sidecars.getAsBoolean() ? "native" : "container") + ": " + sidecars.reason()));

        Router mgmt = Router.router(vertx);
        Routes.management(mgmt, "/healthz", "/readyz", readiness, registry);
        Routes.errors(mgmt);
        // probes and scrapers speak HTTP/1.1; no h2c upgrade path on an unauthenticated port
        management = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false));

        if (config.certMode() == WebhookConfig.CertMode.SELF_MANAGED) {
            // writes the PEM files; the reloader above picks them up like any other certificate change
            rotation = new SelfManagedRotation(
                    vertx,
                    worker,
                    new SelfManagedCertificates(
                            client,
                            config.podNamespace().orElseThrow(),
                            config.certSecretName(),
                            config.webhookConfigName(),
                            null,
                            certFile(config),
                            keyFile(config),
                            SelfManagedCertificates.DEFAULT_RENEW_BEFORE,
                            Clock.systemUTC()),
                    metrics);
            rotation.start();
        }

        reconciler = new ReconcilerWiring(vertx, config, client, api, metrics, lookup, instance);
        reconciler.registerReadiness(readiness);

        return Future.all(
                        management.requestHandler(mgmt).listen(config.managementPort()),
                        lookup.start().compose(x -> reconciler.start()),
                        warmUp().compose(x -> webhook.start()))
                .onSuccess(ok -> sidecars.start());
    }

    /**
     * fabric8's model deserializer indexes every resource type on first use, which takes seconds on a
     * busy node; doing it here, on a worker, keeps that off the event loop and out of the first admission.
     */
    private Future<Void> warmUp() {
        return vertx.executeBlocking(
                        () -> PodPatches.toPod(PodPatches.toTree(new PodBuilder()
                                .withNewMetadata()
                                .withName("warm-up")
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("c")
                                .withImage("i")
                                .endContainer()
                                .endSpec()
                                .build())),
                        false)
                .<Void>mapEmpty();
    }

    @Override
    public Future<?> stop() {
        if (sidecars != null) {
            sidecars.stop();
        }
        if (rotation != null) {
            rotation.stop();
        }
        if (reconciler != null) {
            reconciler.close();
        }
        if (lookup != null) {
            lookup.close();
        }
        Future<Void> w = webhook == null ? Future.succeededFuture() : webhook.close();
        return w.eventually(() -> worker == null ? Future.succeededFuture() : worker.close());
    }
}
