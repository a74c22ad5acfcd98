package io.azmonrw.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The webhook's own meters, all prefixed {@code azmon_rw_webhook_}, registered once and cached so the hot path only increments. */
public final class WebhookMetrics {
    public static final String PREFIX = "azmon_rw_webhook_";
    /** More reasons than this and new ones are folded into "other": a reason must never become an unbounded label. */
    private static final int MAX_REASONS = 64;

    private final MeterRegistry registry;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> admissions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> simple = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        // an admission is a few ms; the API server's own timeout is 10 s by default and ours (failurePolicy) up to 30 s
        this.latency = Timer.builder(PREFIX + "admission_duration")
                .description("Time to answer an AdmissionReview on /mutate, including ServiceAccount lookups")
                .serviceLevelObjectives(
                        ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500),
                        ms(5000), ms(10000))
                .register(registry);
    }

    private static Duration ms(long v) {
        return Duration.ofMillis(v);
    }

    /** One admission answered (or rejected): outcome injected/skipped/error, a short reason code, and its duration (negative: not timed, e.g. rejected before the body was read). */
    public void admission(String outcome, String reason, long nanos) {
        String o = outcome == null ? "error" : outcome.toLowerCase(Locale.ROOT);
        String r = reason == null || reason.isBlank() ? "none" : reason;
        String key = o + '\u0000' + r;
        Counter c = admissions.get(key);
        if (c == null) {
            if (admissions.size() >= MAX_REASONS) {
                r = "other";
                key = o + '\u0000' + r;
            }
            String fo = o;
            String fr = r;
            c = admissions.computeIfAbsent(
                    key,
                    k -> Counter.builder(PREFIX + "admissions")
                            .description("AdmissionReviews answered, by outcome (injected, skipped, error) and reason")
                            .tag("outcome", fo)
                            .tag("reason", fr)
                            .register(registry));
        }
        c.increment();
        if (nanos >= 0) {
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A counter with tags given as key, value pairs; callers pass only values from a fixed set. */
    public void count(String name, String description, String... tags) {
        String key = name + '\u0000' + String.join("\u0000", tags);
        simple.computeIfAbsent(
                        key,
                        k -> Counter.builder(PREFIX + name)
                                .description(description)
                                .tags(tags)
                                .register(registry))
                .increment();
    }

    /** A gauge read at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(PREFIX + name, value)
                .description(description)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
