package io.azmonrw.proxy;

import io.azmonrw.proxy.decode.WriteStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** The proxy's own meters (prefix {@code azmon_rw_proxy_}), and the counts behind the one-a-minute summary line. */
public final class ProxyMetrics {
    static final String P = "azmon.rw.proxy.";

    private final MeterRegistry registry;
    /**
     * Request counters by outcome, then by status (100-599): registered on first use and then read from the array,
     * so a request costs no key string, tag list or registry lookup.
     */
    private final Map<String, Counter[]> requests = new ConcurrentHashMap<>();

    private final Counter[] forwarded = new Counter[4];
    private final Counter[] failed = new Counter[4];
    private final Counter bytesIn;
    private final Counter bytesOut;
    /** Upstream timers by status class: 0 = no answer, 1-5 = 1xx-5xx; registered on first use. */
    private final Timer[] upstream = new Timer[6];

    private final Map<String, Counter> tokenFailures = new ConcurrentHashMap<>();
    private final AtomicLong inflightRequests = new AtomicLong();
    private final AtomicLong inflightBytes = new AtomicLong();
    private final Counter budgetLeaks;
    /** Since the last summary line. */
    private final AtomicLong summaryRequests = new AtomicLong();

    private final AtomicLong summarySamples = new AtomicLong();
    private final Map<String, AtomicLong> summaryFailures = new ConcurrentHashMap<>();

    public ProxyMetrics(MeterRegistry registry, String version, String cluster) {
        this.registry = registry;
        String[] kinds = {"samples", "series", "histograms", "exemplars"};
        for (int i = 0; i < kinds.length; i++) {
            forwarded[i] = Counter.builder(P + kinds[i])
                    .description(kinds[i] + " in write requests, by result")
                    .tag("result", "forwarded")
                    .register(registry);
            failed[i] = Counter.builder(P + kinds[i])
                    .description(kinds[i] + " in write requests, by result")
                    .tag("result", "failed")
                    .register(registry);
        }
        bytesIn = Counter.builder(P + "received")
                .baseUnit("bytes")
                .description("compressed request bytes received")
                .register(registry);
        bytesOut = Counter.builder(P + "sent")
                .baseUnit("bytes")
                .description("compressed bytes sent to the ingestion endpoint")
                .register(registry);
        Gauge.builder(P + "inflight.requests", inflightRequests, AtomicLong::get)
                .description("write requests being handled")
                .register(registry);
        Gauge.builder(P + "inflight", inflightBytes, AtomicLong::get)
                .baseUnit("bytes")
                .description("request bytes held in memory")
                .register(registry);
        budgetLeaks = Counter.builder(P + "budget.leaks")
                .description("in-flight bytes found held with no write request in flight (a bug; /health fails)")
                .register(registry);
        Gauge.builder(P + "build.info", () -> 1)
                .tag("version", version)
                .tag("cluster", cluster)
                .description("version and cluster of this proxy")
                .register(registry);
    }

    /**
     * Token meters read live from the token manager. Micrometer holds the state object weakly, so it must be the
     * long-lived manager itself: a method reference made here would be collected and the meters would read NaN.
     */
    public <T> void bindToken(T tokens, ToDoubleFunction<T> refreshes, ToDoubleFunction<T> secondsUntilExpiry) {
        io.micrometer.core.instrument.FunctionCounter.builder(P + "token.refreshes", tokens, refreshes)
                .description("successful token fetches")
                .register(registry);
        Gauge.builder(P + "token.expiry", tokens, secondsUntilExpiry)
                .baseUnit("seconds")
                .description("seconds until the cached token expires")
                .register(registry);
    }

    /** One failed token fetch; {@code reason} is the AADSTS code (AADSTS70021) or a short cause (unreachable...). */
    public void tokenFailure(String reason) {
        tokenFailures
                .computeIfAbsent(
                        reason,
                        k -> Counter.builder(P + "token.failures")
                                .description("failed token fetches by reason")
                                .tag("reason", k)
                                .register(registry))
                .increment();
    }

    /** One finished write request. {@code outcome} is ok, or the failure cause (forbidden, too_large, throttled...). */
    public void request(String outcome, int status, WriteStats stats) {
        requestCounter(outcome, status).increment();
        summaryRequests.incrementAndGet();
        boolean ok = status < 300;
        if (stats != null) {
            Counter[] c = ok ? forwarded : failed;
            c[0].increment(stats.samples());
            c[1].increment(stats.series());
            c[2].increment(stats.histograms());
            c[3].increment(stats.exemplars());
            if (ok) {
                summarySamples.addAndGet(stats.samples() + stats.histograms());
            }
        }
        if (!ok) {
            summaryFailures.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
        }
    }

    public void received(long bytes) {
        bytesIn.increment(bytes);
    }

    public void sent(long bytes) {
        bytesOut.increment(bytes);
    }

    private Counter requestCounter(String outcome, int status) {
        Counter[] byStatus = requests.get(outcome);
        if (byStatus == null) {
            byStatus = requests.computeIfAbsent(outcome, k -> new Counter[500]);
        }
        int i = status - 100;
        if (i < 0 || i >= byStatus.length) {
            return register(outcome, status);
        }
        Counter c = byStatus[i];
        if (c == null) {
            // a race registers twice, which Micrometer answers with the same counter
            c = register(outcome, status);
            byStatus[i] = c;
        }
        return c;
    }

    private Counter register(String outcome, int status) {
        return Counter.builder(P + "requests")
                .description("write requests by outcome and status")
                .tag("outcome", outcome)
                .tag("status", Integer.toString(status))
                .register(registry);
    }

    /** One upstream exchange that took {@code nanos}; status 0 when no answer came. */
    public void upstream(int status, long nanos) {
        int cls = status <= 0 ? 0 : Math.min(5, status / 100);
        Timer t = upstream[cls];
        if (t == null) {
            t = Timer.builder(P + "upstream.duration")
                    .description("ingestion request latency")
                    .tag("status", cls == 0 ? "error" : cls + "xx")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            upstream[cls] = t;
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    public AtomicLong inflightRequests() {
        return inflightRequests;
    }

    public void budgetLeak() {
        budgetLeaks.increment();
    }

    public AtomicLong inflightBytes() {
        return inflightBytes;
    }

    /** The counts since the last call, for the summary line; resets them. */
    public String drainSummary() {
        long req = summaryRequests.getAndSet(0);
        long samples = summarySamples.getAndSet(0);
        StringBuilder failures = new StringBuilder();
        summaryFailures.forEach((cause, n) -> {
            long v = n.getAndSet(0);
            if (v > 0) {
                failures.append(failures.length() == 0 ? "" : ", ")
                        .append(cause)
                        .append('=')
                        .append(v);
            }
        });
        return "requests=" + req + " samples=" + samples + " failures={" + failures + "}";
    }
}
