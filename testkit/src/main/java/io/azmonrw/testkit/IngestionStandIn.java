package io.azmonrw.testkit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Stand-in for Azure Monitor's metrics ingestion endpoint over HTTPS: checks the bearer token, decodes remote
 * write 1.0/2.0, records every accepted (series, timestamp) and injects faults on demand.
 */
public final class IngestionStandIn extends StandIn {
    public static final String API_VERSION = "2023-04-24";
    public static final String STREAM = "Microsoft-PrometheusMetrics";
    /** Not Azure's: counters as JSON, for demos and scripts. */
    public static final String STATS_PATH = "/stand-in/stats";

    private static final int LOG_LIMIT = 10_000;

    /** One write request as received, before any check: its headers (names lower-cased) and body bytes. */
    public record Request(Map<String, String> headers, byte[] body) {}

    /** One write request as answered. {@code version} is 0 when the body was not decoded. */
    public record WriteRecord(
            Instant at, String dcr, int status, int version, long samples, long histograms, String reason) {}

    private final Predicate<String> bearerCheck;
    private final IngestionFaults faults = new IngestionFaults();
    private final ReceivedSamples received = new ReceivedSamples();
    private final Map<Integer, LongAdder> statusCounts = new ConcurrentHashMap<>();
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicLong acceptedSamples = new AtomicLong();
    private final AtomicLong acceptedHistograms = new AtomicLong();
    private final AtomicLong rejectedSamples = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final Deque<WriteRecord> log = new ArrayDeque<>();
    private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong withBearer = new AtomicLong();
    private volatile String dcr;
    private volatile boolean rw2Headers;
    private volatile boolean countOnly;
    private volatile boolean recordRequests;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** {@code bearerCheck} decides which tokens are valid, e.g. {@code tokenStandIn::isValid}. */
    public IngestionStandIn(Vertx vertx, TestCa ca, Predicate<String> bearerCheck) {
        super(vertx, ca);
        this.bearerCheck = bearerCheck;
    }

    /**
     * Plain HTTP on 127.0.0.1 and its own Vert.x (closed with it), started, every bearer token accepted and every write
     * request {@linkplain #recordRequests() recorded}: for tests of a sender's own HTTP handling (the proxy's ITs).
     */
    public static IngestionStandIn startPlainHttp() {
        Vertx own = Vertx.vertx();
        IngestionStandIn standIn = new IngestionStandIn(own, null, token -> true).recordRequests();
        standIn.closeWith(own);
        try {
            standIn.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            standIn.close();
            throw new IllegalStateException("interrupted while starting the ingestion stand-in", e);
        } catch (ExecutionException | TimeoutException e) {
            standIn.close();
            throw new IllegalStateException("cannot start the ingestion stand-in", e);
        }
        return standIn;
    }

    /** Keeps every write request's headers and body (see {@link #requests()}); tests only, as it holds every body. */
    public IngestionStandIn recordRequests() {
        this.recordRequests = true;
        return this;
    }

    /** Offers HTTP/2 through ALPN (call before {@link #start()}). */
    public IngestionStandIn offerHttp2() {
        options().setUseAlpn(true);
        return this;
    }

    /**
     * Throughput mode (call before {@link #start()}): every POST to a path ending in {@code /api/v1/write} gets 204
     * without routing, token check, decoding or faults; only requests, bytes and bearer-carrying requests are counted.
     * Benchmarks use it so the sink costs the path under test as little as possible.
     */
    public IngestionStandIn countOnly() {
        this.countOnly = true;
        return this;
    }

    /** Only this data collection rule id is served (others 404); null serves any. */
    public IngestionStandIn expectDcr(String dcrId) {
        this.dcr = dcrId;
        return this;
    }

    /** The full ingestion URL (the proxy's {@code INGESTION_URL}) for a DCR id. */
    public String ingestionUrl(String dcrId) {
        return baseUrl() + "/dataCollectionRules/" + dcrId + "/streams/" + STREAM + "/api/v1/write?api-version="
                + API_VERSION;
    }

    /** Answers {@code status} to this fraction (0..1) of requests, chosen at random. */
    public IngestionStandIn errorRate(double rate, int status) {
        faults.errorStatus = status;
        faults.errorRate = rate;
        return this;
    }

    /** The next request gets this status and headers (e.g. 429 with Retry-After), in queue order. */
    public IngestionStandIn enqueue(int status, Map<String, String> headers) {
        faults.script.add(new IngestionFaults.Scripted(status, Map.copyOf(headers), false, 0));
        return this;
    }

    /** The next request gets this status and headers after {@code delay} (instead of the stand-in's latency). */
    public IngestionStandIn enqueue(int status, Map<String, String> headers, Duration delay) {
        faults.script.add(
                new IngestionFaults.Scripted(status, Map.copyOf(headers), false, Math.max(1, delay.toMillis())));
        return this;
    }

    /** The next request is never answered (its connection stays open): the sender's timeout decides. */
    public IngestionStandIn enqueueNoAnswer() {
        faults.script.add(new IngestionFaults.Scripted(0, Map.of(), false, -1));
        return this;
    }

    /** The next request's connection is closed without an answer. */
    public IngestionStandIn enqueueReset() {
        faults.script.add(new IngestionFaults.Scripted(0, Map.of(), true, 0));
        return this;
    }

    /** Every request gets 403 for {@code period} from now, as while a role assignment propagates. */
    public IngestionStandIn forbiddenFor(Duration period) {
        faults.forbiddenFor(period);
        return this;
    }

    /** Added before answering each request. */
    public IngestionStandIn latency(Duration latency) {
        faults.latency = latency;
        return this;
    }

    /** Closes the connection without answering for this fraction of requests. */
    public IngestionStandIn resetRate(double rate) {
        faults.resetRate = rate;
        return this;
    }

    /** Requests holding a sample older than this get 400, as Azure rejects old samples; null disables. */
    public IngestionStandIn maxSampleAge(Duration age) {
        faults.maxSampleAge = age;
        return this;
    }

    /** Answer remote write 2.0 requests with the X-Prometheus-Remote-Write-*-Written headers. */
    public IngestionStandIn rw2ResponseHeaders(boolean on) {
        this.rw2Headers = on;
        return this;
    }

    /** Removes every fault (scripted answers, rates, windows, latency, age limit). */
    public IngestionStandIn clearFaults() {
        faults.clear();
        return this;
    }

    /** The write requests received so far, in order, when {@link #recordRequests()} is on. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public ReceivedSamples received() {
        return received;
    }

    public long requestCount() {
        return requestCount.get();
    }

    /** Body bytes received in {@link #countOnly()} mode. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Requests that carried an {@code Authorization: Bearer} header, in {@link #countOnly()} mode. */
    public long withBearer() {
        return withBearer.get();
    }

    /** Samples in accepted requests, duplicates included. */
    public long acceptedSamples() {
        return acceptedSamples.get();
    }

    public long acceptedHistograms() {
        return acceptedHistograms.get();
    }

    /** Samples in requests answered with an error after decoding. */
    public long rejectedSamples() {
        return rejectedSamples.get();
    }

    /** Distinct bearer tokens that passed the check: how many token refreshes the sender went through. */
    public int distinctTokens() {
        return acceptedTokens.size();
    }

    public long resets() {
        return resets.get();
    }

    /** Requests by the status answered (resets are not counted here). */
    public Map<Integer, Long> statusCounts() {
        Map<Integer, Long> m = new TreeMap<>();
        statusCounts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The last 10000 write requests. */
    public List<WriteRecord> writes() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Counters as JSON: requests, accepted/rejected samples, unique and duplicate (series, timestamp), statuses. */
    public JsonObject stats() {
        JsonObject statuses = new JsonObject();
        statusCounts().forEach((k, v) -> statuses.put(Integer.toString(k), v));
        return new JsonObject()
                .put("requests", requestCount())
                .put("acceptedSamples", acceptedSamples())
                .put("acceptedHistograms", acceptedHistograms())
                .put("rejectedSamples", rejectedSamples())
                .put("uniqueSamples", received.uniqueSamples())
                .put("duplicateSamples", received.duplicates())
                .put("series", received.seriesCount())
                .put("resets", resets())
                .put("distinctTokens", distinctTokens())
                .put("statuses", statuses);
    }

    @Override
    protected Handler<HttpServerRequest> requestHandler() {
        return countOnly ? this::count : router();
    }

    private void count(HttpServerRequest req) {
        if (req.method() != HttpMethod.POST || !req.path().endsWith("/api/v1/write")) {
            req.response().setStatusCode(404).end();
            return;
        }
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            withBearer.incrementAndGet();
        }
        // counted as it streams in, never buffered: no body cap needed and nothing kept
        req.handler(chunk -> bytesReceived.addAndGet(chunk.length()));
        req.endHandler(v -> {
            requestCount.incrementAndGet();
            req.response().setStatusCode(204).end();
        });
    }

    @Override
    protected Router router() {
        Router r = Router.router(vertx);
        String path = "/dataCollectionRules/:dcr/streams/" + STREAM + "/api/v1/write";
        r.post(path).handler(BodyHandler.create().setBodyLimit(64L << 20).setHandleFileUploads(false));
        r.post(path).handler(this::write);
        r.get(STATS_PATH)
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .end(stats().encode()));
        r.route().handler(ctx -> ctx.response().setStatusCode(404).end());
        return r;
    }

    private void write(RoutingContext ctx) {
        requestCount.incrementAndGet();
        if (recordRequests) {
            Map<String, String> headers = new TreeMap<>();
            ctx.request().headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            requests.add(new Request(
                    Map.copyOf(headers),
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes()));
        }
        IngestionFaults.Scripted scripted = faults.script.poll();
        if (scripted != null && scripted.reset() || scripted == null && faults.roll(faults.resetRate)) {
            resets.incrementAndGet();
            ctx.request().connection().close();
            return;
        }
        if (scripted != null && scripted.delayMillis() < 0) {
            return;
        }
        long delay =
                scripted != null && scripted.delayMillis() > 0 ? scripted.delayMillis() : faults.latency.toMillis();
        if (delay > 0) {
            vertx.setTimer(delay, id -> answer(ctx, scripted));
        } else {
            answer(ctx, scripted);
        }
    }

    private void answer(RoutingContext ctx, IngestionFaults.Scripted scripted) {
        HttpServerRequest req = ctx.request();
        String d = ctx.pathParam("dcr");
        String expectedDcr = dcr;
        if (expectedDcr != null && !expectedDcr.equals(d)) {
            reply(ctx, d, 404, "DataCollectionRuleNotFound", "unknown data collection rule " + d, null);
            return;
        }
        if (!API_VERSION.equals(req.getParam("api-version"))) {
            reply(ctx, d, 400, "InvalidApiVersion", "api-version must be " + API_VERSION, null);
            return;
        }
        String auth = req.getHeader("Authorization");
        String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).trim()
                : null;
        if (bearer == null || !bearerCheck.test(bearer)) {
            ctx.response()
                    .putHeader("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com\"");
            reply(
                    ctx,
                    d,
                    401,
                    "InvalidToken",
                    bearer == null ? "missing bearer token" : "invalid or expired token",
                    null);
            return;
        }
        acceptedTokens.add(bearer);
        if (scripted != null) {
            scripted.headers().forEach(ctx.response()::putHeader);
            reply(ctx, d, scripted.status(), "Scripted", "scripted answer " + scripted.status(), null);
            return;
        }
        if (faults.forbiddenNow()) {
            reply(ctx, d, 403, "Forbidden", "the identity has no Monitoring Metrics Publisher role (window)", null);
            return;
        }
        if (faults.roll(faults.errorRate)) {
            reply(ctx, d, faults.errorStatus, "InjectedError", "injected error", null);
            return;
        }
        if (!"snappy".equalsIgnoreCase(req.getHeader("Content-Encoding"))) {
            reply(ctx, d, 415, "UnsupportedContentEncoding", "Content-Encoding must be snappy", null);
            return;
        }
        RemoteWriteDecoder.Decoded decoded;
        try {
            decoded = RemoteWriteDecoder.decode(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes(),
                    req.getHeader("Content-Type"));
        } catch (RemoteWriteDecoder.DecodeException e) {
            reply(ctx, d, e.status(), "InvalidPayload", e.getMessage(), null);
            return;
        }
        Duration maxAge = faults.maxSampleAge;
        if (maxAge != null
                && decoded.oldestTimestamp() != Long.MAX_VALUE
                && decoded.oldestTimestamp() < System.currentTimeMillis() - maxAge.toMillis()) {
            rejectedSamples.addAndGet(decoded.samples() + decoded.histograms());
            reply(ctx, d, 400, "SampleTooOld", "samples older than " + maxAge + " are rejected", decoded);
            return;
        }
        for (RemoteWriteDecoder.Series s : decoded.series()) {
            for (long t : s.sampleTimestamps()) {
                received.add(s.key(), t);
            }
            for (long t : s.histogramTimestamps()) {
                received.add(s.key(), t);
            }
        }
        acceptedSamples.addAndGet(decoded.samples());
        acceptedHistograms.addAndGet(decoded.histograms());
        if (decoded.version() == 2 && rw2Headers) {
            ctx.response()
                    .putHeader("X-Prometheus-Remote-Write-Samples-Written", Long.toString(decoded.samples()))
                    .putHeader("X-Prometheus-Remote-Write-Histograms-Written", Long.toString(decoded.histograms()))
                    .putHeader("X-Prometheus-Remote-Write-Exemplars-Written", Long.toString(decoded.exemplars()));
        }
        count(d, 204, decoded, null);
        ctx.response().setStatusCode(204).end();
    }

    private void reply(
            RoutingContext ctx, String d, int status, String code, String message, RemoteWriteDecoder.Decoded decoded) {
        count(d, status, decoded, message);
        HttpServerResponse resp = ctx.response().setStatusCode(status);
        if (status == 204 || status == 304) {
            resp.end();
            return;
        }
        resp.putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("error", new JsonObject().put("code", code).put("message", message))
                        .encode());
    }

    private void count(String d, int status, RemoteWriteDecoder.Decoded decoded, String reason) {
        statusCounts.computeIfAbsent(status, k -> new LongAdder()).increment();
        WriteRecord rec = new WriteRecord(
                Instant.now(),
                d,
                status,
                decoded == null ? 0 : decoded.version(),
                decoded == null ? 0 : decoded.samples(),
                decoded == null ? 0 : decoded.histograms(),
                reason);
        synchronized (log) {
            if (log.size() == LOG_LIMIT) {
                log.removeFirst();
            }
            log.addLast(rec);
        }
    }
}
