package io.azmonrw.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void dueTimesFollowTheRateFromTheStart() {
    Schedule s = new Schedule(1_000, 250.0);
    assertThat(s.dueNanos(0)).isEqualTo(1_000);
    assertThat(s.dueNanos(1)).isEqualTo(1_000 + 4_000_000);
    assertThat(s.dueNanos(250)).isEqualTo(1_000 + 1_000_000_000L);
  }

  @Test
  void latencyCountsFromDueTimeSoASenderStallIsNotHidden() {
    Schedule s = new Schedule(0, 1_000.0);
    // request 10 was due at 10 ms; the target stalled and it completed at 50 ms: 40 ms, not the 1 ms service time
    assertThat(Schedule.latencyMicros(s.dueNanos(10), 50_000_000L)).isEqualTo(40_000);
    assertThat(Schedule.latencyMicros(100, 50)).isZero();
  }

  @Test
  void rejectsNonPositiveRate() {
    assertThatThrownBy(() -> new Schedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
