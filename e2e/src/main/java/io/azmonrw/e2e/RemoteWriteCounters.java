package io.azmonrw.e2e;

/** Prometheus' own remote-write counters ({@code prometheus_remote_storage_*}), summed over queues. */
public record RemoteWriteCounters(
        double samplesSent,
        double samplesFailed,
        double samplesRetried,
        double samplesDropped,
        double samplesPending,
        double highestTimestampSeconds,
        double highestSentSeconds) {

    public static RemoteWriteCounters of(MetricsText m) {
        return new RemoteWriteCounters(
                m.sumOrZero("prometheus_remote_storage_samples_total"),
                m.sumOrZero("prometheus_remote_storage_samples_failed_total"),
                m.sumOrZero("prometheus_remote_storage_samples_retried_total"),
                m.sumOrZero("prometheus_remote_storage_samples_dropped_total"),
                m.sumOrZero("prometheus_remote_storage_samples_pending"),
                m.sumOrZero("prometheus_remote_storage_highest_timestamp_in_seconds"),
                m.sumOrZero("prometheus_remote_storage_queue_highest_sent_timestamp_seconds"));
    }

    /** Samples Prometheus gave up on: failed (non-retryable answer) plus dropped. */
    public double lost() {
        return samplesFailed + samplesDropped;
    }
}
