package io.azmonrw.common.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the Prometheus registry (JVM and process metrics included) and a Vert.x instance that reports into it. */
public final class MetricsSetup {
    private MetricsSetup() {}

    /**
     * @param commonTags tags put on every meter, e.g. {@code cluster}; may be empty
     */
    public static PrometheusMeterRegistry registry(Map<String, String> commonTags) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<Tag> tags = new ArrayList<>();
        commonTags.forEach((k, v) -> tags.add(Tag.of(k, v)));
        registry.config().commonTags(tags);
        // promtool rejects process_cpu_time_ns_total (abbreviated unit); ProcessCpuSeconds exposes the conventional
        // name
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        // promtool reserves _count for histograms and summaries
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpus") : id;
            }
        });
        // every filter above is in place before the first meter: Micrometer ignores filters added later
        new ProcessCpuSeconds().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        // JvmGcMetrics listens for GC notifications for the life of the process; it is never closed
        @SuppressWarnings("resource")
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }

    /** A Vert.x whose HTTP server and client metrics go to the given registry. */
    public static Vertx vertx(PrometheusMeterRegistry registry, VertxOptions options) {
        return vertx(metricsFactory(registry), options);
    }

    /** Vert.x's metrics (HTTP server and client among them) reported into the given registry. */
    public static VertxMetricsFactory metricsFactory(PrometheusMeterRegistry registry) {
        return new MicrometerMetricsFactory(registry);
    }

    /** A Vert.x whose metrics come from {@code factory}, guarded by {@link NullSafeServerMetrics}. */
    public static Vertx vertx(VertxMetricsFactory factory, VertxOptions options) {
        MicrometerMetricsOptions metrics =
                new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false);
        return Vertx.builder()
                .with(new VertxOptions(options).setMetricsOptions(metrics))
                .withMetrics(new NullSafeServerMetrics(factory))
                .build();
    }
}
