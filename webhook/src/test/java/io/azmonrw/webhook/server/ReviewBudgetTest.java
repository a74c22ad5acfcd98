package io.azmonrw.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The webhook's 3 MiB review cap times the reviews handled at once, against its heap. */
class ReviewBudgetTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void halfTheHeapHoldsThatManyLargestReviewsAndManySmallOnes() {
        // 96 MiB heap: 48 MiB for reviews; a 3 MiB review costs 24 MiB, so two at once, the third waits for a 503 retry
        ReviewBudget b = new ReviewBudget(96 * MIB);
        assertThat(ReviewBudget.cost(-1)).isEqualTo(24 * MIB);
        assertThat(ReviewBudget.cost(10 * MIB)).isEqualTo(24 * MIB);
        assertThat(b.tryAcquire(ReviewBudget.cost(3 * MIB))).isTrue();
        assertThat(b.tryAcquire(ReviewBudget.cost(-1))).isTrue();
        assertThat(b.tryAcquire(ReviewBudget.cost(-1))).isFalse();
        b.release(24 * MIB);
        b.release(24 * MIB);
        assertThat(b.used()).isZero();
        // a typical Pod review of 20 KB costs 160 KB: hundreds fit
        int n = 0;
        while (b.tryAcquire(ReviewBudget.cost(20_000))) {
            n++;
        }
        assertThat(n).isEqualTo((int) (48 * MIB / 160_000));
    }

    @Test
    void aHeapThatCannotHoldOneLargestReviewIsRefusedAtStartWithTheHeapNeeded() {
        assertThatThrownBy(() -> new ReviewBudget(40 * MIB))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Long.toString(40 * MIB))
                .hasMessageContaining(Long.toString(48 * MIB));
        assertThat(new ReviewBudget(48 * MIB).limit()).isEqualTo(24 * MIB);
    }
}
