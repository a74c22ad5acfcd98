package io.azmonrw.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Sends pre-encoded remote-write bodies to one target, closed loop (saturation) or open loop (fixed rate). */
public final class LoadGenerator implements AutoCloseable {

  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(120);

  private final Target target;
  private final Workload payloads;
  private final HttpClientAgent client;
  private final Context context;
  private final AtomicLong sequence = new AtomicLong();

  /** {@code trustPem} is the CA or self-signed certificate the target presents (TLS targets only). */
  public LoadGenerator(Vertx vertx, Target target, Workload payloads, String trustPem, int maxConnections) {
    this.target = target;
    this.payloads = payloads;
    HttpClientOptions options = new HttpClientOptions()
        .setDefaultHost(target.host())
        .setDefaultPort(target.port())
        .setSsl(target.tls())
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout(5_000);
    if (target.tls()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(trustPem)).setVerifyHost(false);
    }
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections));
    this.context = vertx.getOrCreateContext();
  }

  private Future<Integer> sendOne() {
    RequestOptions ro = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setURI(target.path())
        .putHeader("User-Agent", "azmon-rw-bench/0.1")
        .setTimeout(30_000);
    payloads.decorate(ro);
    Buffer body = Buffer.buffer(payloads.body(sequence.getAndIncrement()));
    return client.request(ro)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  /** Keeps {@code concurrency} requests outstanding for warmup + measure seconds; counts only the measured window. */
  public LoadResult closedLoop(int concurrency, double warmupSeconds, double measureSeconds) {
    Histogram hist = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long t0 = System.nanoTime();
    long measureFrom = t0 + (long) (warmupSeconds * 1e9);
    long measureTo = measureFrom + (long) (measureSeconds * 1e9);
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicLong running = new AtomicLong(concurrency);
    context.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        loop(hist, ok, failed, firstFailure, measureFrom, measureTo, running, done);
      }
    });
    done.join();
    return new LoadResult(target.name(), "closed c=" + concurrency, measureSeconds, ok.get(), failed.get(),
        payloads.samplesPerRequest(), hist, firstFailure.get());
  }

  private void loop(Histogram hist, AtomicLong ok, AtomicLong failed, AtomicReference<String> firstFailure,
      long measureFrom, long measureTo, AtomicLong running, CompletableFuture<Void> done) {
    long start = System.nanoTime();
    if (start >= measureTo) {
      if (running.decrementAndGet() == 0) {
        done.complete(null);
      }
      return;
    }
    sendOne().onComplete(ar -> {
      long end = System.nanoTime();
      if (start >= measureFrom && end <= measureTo) {
        account(ar.succeeded() ? ar.result() : -1, ar.failed() ? ar.cause() : null, ok, failed, firstFailure);
        hist.recordValue(Math.min(MAX_LATENCY_MICROS, (end - start) / 1000));
      }
      loop(hist, ok, failed, firstFailure, measureFrom, measureTo, running, done);
    });
  }

  private static void account(int status, Throwable cause, AtomicLong ok, AtomicLong failed, AtomicReference<String> firstFailure) {
    if (status >= 200 && status < 300) {
      ok.incrementAndGet();
    } else {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, cause != null ? cause.toString() : "HTTP " + status);
    }
  }

  /**
   * Sends at a fixed {@code rate} (requests/s) whatever the target does, for warmup + measure seconds; latency
   * is taken from each request's due time (coordinated omission corrected).
   */
  public LoadResult openLoop(double rate, double warmupSeconds, double measureSeconds) {
    Histogram hist = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    AtomicLong outstanding = new AtomicLong();
    long t0 = System.nanoTime() + 1_000_000;
    Schedule schedule = new Schedule(t0, rate);
    long measureFrom = t0 + (long) (warmupSeconds * 1e9);
    long endAt = measureFrom + (long) (measureSeconds * 1e9);
    for (long i = 0; ; i++) {
      long due = schedule.dueNanos(i);
      if (due >= endAt) {
        break;
      }
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(Math.min(due - now, 200_000));
      }
      boolean measured = due >= measureFrom;
      outstanding.incrementAndGet();
      context.runOnContext(v -> sendOne().onComplete(ar -> {
        if (measured) {
          account(ar.succeeded() ? ar.result() : -1, ar.failed() ? ar.cause() : null, ok, failed, firstFailure);
          hist.recordValue(Math.min(MAX_LATENCY_MICROS, Schedule.latencyMicros(due, System.nanoTime())));
        }
        outstanding.decrementAndGet();
      }));
    }
    // let the stragglers finish so their (long) latencies are counted, bounded by the request timeout
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    return new LoadResult(target.name(), String.format("open %.0f req/s", rate), measureSeconds, ok.get(), failed.get(),
        payloads.samplesPerRequest(), hist, firstFailure.get());
  }

  @Override
  public void close() {
    Promise<Void> p = Promise.promise();
    client.close().onComplete(p);
    p.future().toCompletionStage().toCompletableFuture().join();
  }
}
