package io.azmonrw.proxy;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.http.Readiness;
import io.azmonrw.common.http.Routes;
import io.azmonrw.proxy.auth.AzureTokenFetcher;
import io.azmonrw.proxy.auth.CredentialFactory;
import io.azmonrw.proxy.auth.FetchedToken;
import io.azmonrw.proxy.auth.TokenFailures;
import io.azmonrw.proxy.auth.TokenManager;
import io.azmonrw.proxy.auth.TrustBundle;
import io.azmonrw.proxy.decode.RemoteWriteDecoder;
import io.azmonrw.proxy.write.FailureLog;
import io.azmonrw.proxy.write.Forwarder;
import io.azmonrw.proxy.write.InflightBudget;
import io.azmonrw.proxy.write.LastUpstream;
import io.azmonrw.proxy.write.ShutdownGate;
import io.azmonrw.proxy.write.StatusMapping;
import io.azmonrw.proxy.write.UpstreamCall;
import io.azmonrw.proxy.write.WriteHandler;
import io.azmonrw.proxy.write.WriteOutcomes;
import io.azmonrw.proxy.write.WritePathWatch;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the proxy's routes on its one port; the behaviour lives in the handlers, the token manager and {@link ProxyServers}. */
public final class ProxyVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyVerticle.class);

    private final ProxyConfig config;
    private final PrometheusMeterRegistry registry;
    private final String version;
    private final Callable<FetchedToken> tokenFetcherOverride;
    private final Readiness readiness = new Readiness();
    private final Readiness liveness = new Readiness();
    private WorkerExecutor tokenWorker;
    private WorkerExecutor decodeWorker;
    private TokenManager tokens;
    private Forwarder forwarder;
    private ProxyServers servers;
    private long summaryTimer = -1;
    private long watchTimer = -1;

    public ProxyVerticle(ProxyConfig config, PrometheusMeterRegistry registry, String version) {
        this(config, registry, version, null);
    }

    /** @param tokenFetcher replaces azure-identity (unit tests of the write path); null for the configured identity */
    public ProxyVerticle(
            ProxyConfig config, PrometheusMeterRegistry registry, String version, Callable<FetchedToken> tokenFetcher) {
        this.config = config;
        this.registry = registry;
        this.version = version;
        this.tokenFetcherOverride = tokenFetcher;
    }

    /** The port actually bound (differs from the config when it asked for 0). */
    public int actualPort() {
        return servers.actualPort();
    }

    @Override
    public Future<?> start() throws Exception {
        TrustBundle trust = TrustBundle.load(config.caBundleFile());
        ProxyMetrics metrics = new ProxyMetrics(registry, version, config.cluster());
        // token calls block (azure-identity is synchronous here): never on the event loop
        tokenWorker = vertx.createSharedWorkerExecutor("azmon-rw-token", 2, 2, TimeUnit.MINUTES);
        // as many decode threads as MemoryBounds allows decodes of MAX_DECODED_BYTES at once
        decodeWorker = vertx.createSharedWorkerExecutor("azmon-rw-decode", config.decodeConcurrency());
        Callable<FetchedToken> fetcher = tokenFetcherOverride != null
                ? tokenFetcherOverride
                : new AzureTokenFetcher(new CredentialFactory(config, trust), config.scope());
        TokenFailures failures =
                new TokenFailures(config.identityType(), config.tenantId(), config.clientId(), config.authorityHost());
        tokens = new TokenManager(
                TokenManager.Timers.of(vertx),
                tokenWorker,
                fetcher,
                System::currentTimeMillis,
                failures::classify,
                metrics::tokenFailure);
        metrics.bindToken(tokens, TokenManager::refreshes, TokenManager::secondsUntilExpiry);
        forwarder = new Forwarder(
                vertx,
                config.ingestionUrl(),
                trust,
                config.httpsProxy(),
                config.upstreamTimeout(),
                "azmon-rw-proxy/" + version);
        LastUpstream lastUpstream = new LastUpstream(System::currentTimeMillis);
        ShutdownGate gate = new ShutdownGate(System::currentTimeMillis, metrics.inflightRequests());
        WriteOutcomes outcomes =
                new WriteOutcomes(metrics, new FailureLog(60_000, System::currentTimeMillis), config.traceLogging());
        WriteHandler write = new WriteHandler(
                config.allowedWriters(),
                config.maxBodyBytes(),
                new InflightBudget(config.maxInflightBytes(), metrics.inflightBytes()),
                new RemoteWriteDecoder(
                        config.maxDecodedBytes(),
                        retainedDecodeBytes(),
                        config.decodeConcurrency() * config.maxDecodedBytes()),
                decodeWorker,
                new UpstreamCall(
                        tokens,
                        forwarder,
                        new StatusMapping(config.throttledStatus(), config.forbiddenAsRetryable()),
                        metrics,
                        lastUpstream,
                        config.ingestionUrl(),
                        config.forwardRw2()),
                outcomes,
                gate,
                metrics.inflightRequests());

        readiness.register(
                "config",
                () -> Readiness.Result.up(
                        "forwarding to " + config.ingestionUrl().getHost()));
        readiness.registerInformational("token", () -> {
            TokenManager.TokenState s = tokens.state();
            return s.valid() ? Readiness.Result.up(s.detail()) : Readiness.Result.down(s.detail());
        });
        readiness.attach("upstream", lastUpstream::toJson);
        WritePathWatch watch = new WritePathWatch(
                () -> metrics.inflightBytes().get(),
                () -> metrics.inflightRequests().get(),
                metrics::budgetLeak,
                System::currentTimeMillis);
        liveness.register("write-path", watch::liveness);
        watchTimer = vertx.setPeriodic(1_000, id -> {
            watch.checkBudget();
            if (watch.probeSent()) {
                decodeWorker
                        .executeBlocking(() -> null, false)
                        .onComplete(ar -> watch.probeDone(ar.succeeded() ? null : String.valueOf(ar.cause())));
            }
        });
        Router router = Router.router(vertx);
        router.post(ProxyEnv.WRITE_PATH).handler(write);
        Routes.management(router, Injection.HEALTH_PATH, Injection.READY_PATH, readiness, liveness, registry);
        Routes.errors(router);

        tokens.start();
        summaryTimer = vertx.setPeriodic(
                60_000,
                id -> LOG.info(
                        "summary: {}; token {}",
                        metrics.drainSummary(),
                        tokens.state().detail()));
        servers = new ProxyServers(vertx, config, router, gate);
        return servers.listen();
    }

    /**
     * The decompression buffer each thread keeps between requests: heap/64 (1.2 MiB of the injected default's 77 MiB
     * heap), at most the decoder's default, so that the event loops' and decode threads' retained buffers stay a small
     * part of the headroom MemoryBounds leaves. Prometheus' default batch (2,000 samples, about 0.9 MB decompressed with
     * a dozen labels a series) fits it: at heap/128 (0.6 MiB) every such request allocated and dropped a new buffer.
     */
    private static int retainedDecodeBytes() {
        return (int) Math.min(
                RemoteWriteDecoder.DEFAULT_RETAINED_BYTES, Runtime.getRuntime().maxMemory() / 64);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(summaryTimer);
        vertx.cancelTimer(watchTimer);
        Future<Void> drained = servers == null ? Future.succeededFuture() : servers.drainAndClose();
        return drained.eventually(() -> {
                    tokens.stop();
                    return forwarder.close();
                })
                .eventually(() -> {
                    tokenWorker.close();
                    return decodeWorker.close();
                });
    }
}
