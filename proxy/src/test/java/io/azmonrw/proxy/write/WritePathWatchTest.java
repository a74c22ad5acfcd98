package io.azmonrw.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The liveness of the write path on a hand-driven clock. */
class WritePathWatchTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger leaks = new AtomicInteger();
    private final WritePathWatch watch =
            new WritePathWatch(bytes::get, requests::get, leaks::incrementAndGet, now::get);

    @Test
    void bytesHeldWithNoRequestForTwoSecondsCountOneLeakAndFailHealth() {
        bytes.set(4096);
        watch.checkBudget();
        now.addAndGet(1_000);
        watch.checkBudget();
        assertThat(leaks.get()).isZero();
        assertThat(watch.liveness().ready()).isTrue();
        now.addAndGet(1_000);
        watch.checkBudget();
        now.addAndGet(1_000);
        watch.checkBudget();
        assertThat(leaks.get()).isEqualTo(1);
        assertThat(watch.liveness().ready()).isFalse();
        assertThat(watch.liveness().detail()).contains("4096");
        bytes.set(0);
        watch.checkBudget();
        assertThat(watch.liveness().ready()).isTrue();
    }

    @Test
    void bytesHeldByRequestsInFlightAreNoLeak() {
        bytes.set(4096);
        requests.set(1);
        for (int i = 0; i < 10; i++) {
            watch.checkBudget();
            now.addAndGet(1_000);
        }
        assertThat(leaks.get()).isZero();
        assertThat(watch.liveness().ready()).isTrue();
    }

    @Test
    void aDecodeProbeUnansweredForAMinuteOrRefusedFailsHealth() {
        assertThat(watch.probeSent()).isTrue();
        assertThat(watch.probeSent()).isFalse();
        now.addAndGet(59_000);
        assertThat(watch.liveness().ready()).isTrue();
        now.addAndGet(2_000);
        assertThat(watch.liveness().ready()).isFalse();
        assertThat(watch.liveness().detail()).contains("decode pool");
        watch.probeDone(null);
        assertThat(watch.liveness().ready()).isTrue();
        watch.probeSent();
        watch.probeDone("RejectedExecutionException");
        assertThat(watch.liveness().ready()).isFalse();
    }
}
