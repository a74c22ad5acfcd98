package io.azmonrw.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OneLineTest {
    @Test
    void foldsLineBreaksTabsAndRunsOfSpacesIntoSingleSpaces() {
        assertThat(OneLine.of("  first\r\nsecond\tthird   fourth\n")).isEqualTo("first second third fourth");
    }

    @Test
    void cutsLongTextAndMarksTheCut() {
        String longText = "x".repeat(301);
        assertThat(OneLine.of(longText)).isEqualTo("x".repeat(300) + "...");
        assertThat(OneLine.of("x".repeat(300))).isEqualTo("x".repeat(300));
        assertThat(OneLine.of("abcdef", 4)).isEqualTo("abcd...");
    }

    @Test
    void nullTextIsEmpty() {
        assertThat(OneLine.of((String) null)).isEmpty();
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsClass() {
        assertThat(OneLine.of(new IOException())).isEqualTo("IOException");
        assertThat(OneLine.of(new IOException(" \n"))).isEqualTo("IOException");
        assertThat(OneLine.of(new IOException("Unexpected character ('x')\n at [Source: REDACTED; line: 1]")))
                .isEqualTo("Unexpected character ('x') at [Source: REDACTED; line: 1]");
        assertThat(OneLine.of(new IOException("abc\ndef"), 5)).isEqualTo("abc d...");
    }
}
