package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolTest {

    @Test
    void returnsTheExitStatusAndTheOutputOfBothStreams() throws IOException {
        Tool t = Tool.run(Duration.ofSeconds(60), List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"));
        assertThat(t.exit()).isEqualTo(3);
        assertThat(t.output().lines()).containsExactlyInAnyOrder("out", "err");
    }

    @Test
    void aMissingToolOrOneThatOverrunsIsOneClearLine() {
        assertThatThrownBy(() -> Tool.run(Duration.ofSeconds(60), List.of("no-such-tool-h6", "x")))
                .hasMessageStartingWith("no-such-tool-h6 cannot run");
        assertThatThrownBy(() -> Tool.run(Duration.ofSeconds(1), List.of("/bin/sleep", "30")))
                .hasMessage("/bin/sleep 30 did not finish within 1 s");
    }
}
