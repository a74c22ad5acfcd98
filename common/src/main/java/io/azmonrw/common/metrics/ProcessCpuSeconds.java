package io.azmonrw.common.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;

/** {@code process_cpu_seconds_total}, as every Prometheus client library names it, so dashboards and benchmarks read CPU the usual way. */
final class ProcessCpuSeconds implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return;
        }
        FunctionCounter.builder("process.cpu.seconds", os, o -> o.getProcessCpuTime() / 1e9)
                .description("Total user and system CPU time spent by the process in seconds")
                .baseUnit("seconds")
                .register(registry);
    }
}
