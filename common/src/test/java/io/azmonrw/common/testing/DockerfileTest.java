package io.azmonrw.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerfileTest {
    private static final String TEXT = """
            # syntax comment
            ARG BASE_IMAGE=debian
            from ${BASE_IMAGE}

            RUN apt-get update \\
                # a comment inside a continuation
                && apt-get install -y curl
            USER 1:1
            USER 65532:65532
            """;

    @Test
    void joinsContinuationsDropsCommentsAndUpperCasesKeywords() {
        Dockerfile d = Dockerfile.parse(TEXT);
        assertThat(d.instructions())
                .extracting(Dockerfile.Instruction::keyword)
                .containsExactly("ARG", "FROM", "RUN", "USER", "USER");
        assertThat(d.all("RUN")).containsExactly("apt-get update  && apt-get install -y curl");
        assertThat(d.all("FROM")).containsExactly("${BASE_IMAGE}");
    }

    @Test
    void lastIsTheInstructionThatCountsAndAMissingOneFails() {
        Dockerfile d = Dockerfile.parse(TEXT);
        assertThat(d.last("USER")).isEqualTo("65532:65532");
        assertThatThrownBy(() -> d.last("ENTRYPOINT"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ENTRYPOINT");
    }
}
