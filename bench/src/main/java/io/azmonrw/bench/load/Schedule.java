package io.azmonrw.bench.load;

/**
 * Open-loop timetable: request {@code i} is due at {@code start + i * period}. Latency is measured from the due
 * time, not from the moment it was actually sent, so a stalled target cannot hide its stall by slowing the
 * sender (coordinated omission).
 */
public final class Schedule {

  private final long startNanos;
  private final double periodNanos;

  public Schedule(long startNanos, double requestsPerSecond) {
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0");
    }
    this.startNanos = startNanos;
    this.periodNanos = 1e9 / requestsPerSecond;
  }

  /** Due time of request {@code i}. */
  public long dueNanos(long i) {
    return startNanos + (long) (i * periodNanos);
  }

  /** Latency in microseconds of a request due at {@code dueNanos} that completed at {@code doneNanos}. */
  public static long latencyMicros(long dueNanos, long doneNanos) {
    return Math.max(0, (doneNanos - dueNanos) / 1000);
  }
}
