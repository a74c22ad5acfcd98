package io.azmonrw.bench.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Sends a workload's pre-built bodies to one target, closed loop (saturation) or open loop (fixed rate). */
public final class LoadGenerator implements AutoCloseable {

    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(120);

    /** What a generator sends: pre-built bodies (cycled), their headers and the items (samples, admissions) each carries. */
    public record Workload(byte[][] bodies, int itemsPerRequest, Map<String, String> headers) {

        /** Body number {@code i}, cycling. */
        public byte[] body(long i) {
            return bodies[(int) (i % bodies.length)];
        }

        public long meanBytes() {
            return Arrays.stream(bodies).mapToLong(b -> b.length).sum() / bodies.length;
        }
    }

    /**
     * Outcome of one measured window: counts, rates and a latency histogram in microseconds (for open-loop runs,
     * measured from each request's intended start, so corrected for coordinated omission).
     */
    public record Result(
            double seconds, long ok, long failed, int items, Histogram latencyMicros, String firstFailure) {

        public double requestsPerSecond() {
            return ok / seconds;
        }

        public long samples() {
            return ok * (long) items;
        }

        /** Latency at {@code percentile} (0..100) in milliseconds. */
        public double millis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final String path;
    private final Workload workload;
    private final HttpClientAgent client;
    private final Context context;
    private final AtomicLong sequence = new AtomicLong();

    /** POSTs to {@code http://127.0.0.1:port/path}, or https when {@code trust} (the target's CA) is given. */
    public LoadGenerator(
            Vertx vertx, int port, String path, PemTrustOptions trust, Workload workload, int maxConnections) {
        this.path = path;
        this.workload = workload;
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000)
                .setSsl(trust != null)
                .setTrustOptions(trust);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections));
        this.context = vertx.getOrCreateContext();
    }

    /** Counters of one measured window. */
    private final class Tally {
        final Histogram hist = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();

        void add(AsyncResult<Integer> ar, long micros) {
            if (ar.succeeded() && ar.result() >= 200 && ar.result() < 300) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, ar.failed() ? ar.cause().toString() : "HTTP " + ar.result());
            }
            hist.recordValue(Math.min(MAX_LATENCY_MICROS, micros));
        }

        Result result(double seconds) {
            return new Result(seconds, ok.get(), failed.get(), workload.itemsPerRequest(), hist, firstFailure.get());
        }
    }

    private Future<Integer> sendOne() {
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(path)
                .putHeader("User-Agent", "azmon-rw-bench/0.1")
                .setTimeout(30_000);
        workload.headers().forEach(ro::putHeader);
        Buffer body = Buffer.buffer(workload.body(sequence.getAndIncrement()));
        return client.request(ro)
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    /** Keeps {@code concurrency} requests outstanding for {@code seconds}; counts the requests that end within them. */
    public Result closedLoop(int concurrency, double seconds) {
        Tally tally = new Tally();
        long measureTo = System.nanoTime() + (long) (seconds * 1e9);
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong running = new AtomicLong(concurrency);
        context.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                loop(tally, measureTo, running, done);
            }
        });
        done.join();
        return tally.result(seconds);
    }

    private void loop(Tally tally, long measureTo, AtomicLong running, CompletableFuture<Void> done) {
        long start = System.nanoTime();
        if (start >= measureTo) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        sendOne().onComplete(ar -> {
            long end = System.nanoTime();
            if (end <= measureTo) {
                tally.add(ar, (end - start) / 1000);
            }
            loop(tally, measureTo, running, done);
        });
    }

    /** Open-loop timetable: request {@code i} is due at {@code start + i / rate}. */
    static long dueNanos(long startNanos, double requestsPerSecond, long i) {
        return startNanos + (long) (i * 1e9 / requestsPerSecond);
    }

    /**
     * Latency of a request due at {@code dueNanos} that completed at {@code doneNanos}: from the due time, not from
     * when it was actually sent, so a stalled target cannot hide its stall by slowing the sender (coordinated omission).
     */
    static long latencyMicros(long dueNanos, long doneNanos) {
        return Math.max(0, (doneNanos - dueNanos) / 1000);
    }

    /**
     * Sends at a fixed {@code rate} (requests/s) whatever the target does, for {@code seconds}; latency is taken from
     * each request's due time (coordinated omission corrected).
     */
    public Result openLoop(double rate, double seconds) {
        Tally tally = new Tally();
        AtomicLong outstanding = new AtomicLong();
        long start = System.nanoTime() + 1_000_000;
        long endAt = start + (long) (seconds * 1e9);
        for (long i = 0, due; (due = dueNanos(start, rate, i)) < endAt; i++) {
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(Math.min(due - now, 200_000));
            }
            long dueAt = due;
            outstanding.incrementAndGet();
            context.runOnContext(v -> sendOne().onComplete(ar -> {
                tally.add(ar, latencyMicros(dueAt, System.nanoTime()));
                outstanding.decrementAndGet();
            }));
        }
        // let the stragglers finish so their (long) latencies are counted, bounded by the request timeout
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        return tally.result(seconds);
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
    }
}
