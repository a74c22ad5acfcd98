package io.azmonrw.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void openLoopDueTimesFollowTheRateFromTheStart() {
        assertThat(LoadGenerator.dueNanos(1_000, 250.0, 0)).isEqualTo(1_000);
        assertThat(LoadGenerator.dueNanos(1_000, 250.0, 1)).isEqualTo(1_000 + 4_000_000);
        assertThat(LoadGenerator.dueNanos(1_000, 250.0, 250)).isEqualTo(1_000 + 1_000_000_000L);
    }

    @Test
    void latencyCountsFromDueTimeSoASenderStallIsNotHidden() {
        // request 10 at 1,000/s was due at 10 ms; the target stalled and it completed at 50 ms: 40 ms, not the 1 ms
        // service time
        assertThat(LoadGenerator.latencyMicros(LoadGenerator.dueNanos(0, 1_000.0, 10), 50_000_000L))
                .isEqualTo(40_000);
        assertThat(LoadGenerator.latencyMicros(100, 50)).isZero();
    }
}
