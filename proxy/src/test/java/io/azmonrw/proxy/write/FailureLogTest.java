package io.azmonrw.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.azmonrw.proxy.LogCapture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {
    @Test
    void oneLinePerKeyPerMinuteThenTheCountOfRepeats() {
        AtomicLong clock = new AtomicLong(1_000_000);
        FailureLog log = new FailureLog(60_000, clock::get, LoggerFactory.getLogger("failure-log-test"));
        try (LogCapture capture = new LogCapture()) {
            assertThat(log.once("AADSTS70021", "no Entra token: AADSTS70021")).isTrue();
            // a failure every 5 s for the rest of the minute: 11 repeats held back (at +5 s ... +55 s)
            for (int i = 1; i <= 11; i++) {
                clock.addAndGet(5_000);
                assertThat(log.once("AADSTS70021", "no Entra token: AADSTS70021"))
                        .isFalse();
            }
            // another reason is its own line
            assertThat(log.once("unreachable", "no Entra token: cannot connect"))
                    .isTrue();
            clock.addAndGet(5_000);
            assertThat(log.once("AADSTS70021", "no Entra token: AADSTS70021")).isTrue();
            assertThat(capture.events().stream()
                            .filter(e -> e.getLoggerName().equals("failure-log-test"))
                            .map(e -> e.getLevel() + " " + e.getFormattedMessage()))
                    .containsExactly(
                            "WARN no Entra token: AADSTS70021",
                            "WARN no Entra token: cannot connect",
                            "WARN no Entra token: AADSTS70021 (11 more like it since the last line)");
            assertThat(capture.atLeast(Level.WARN)).allMatch(e -> e.getThrowableProxy() == null);
        }
    }
}
