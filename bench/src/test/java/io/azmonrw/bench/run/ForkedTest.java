package io.azmonrw.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForkedTest {

    @Test
    void procStatusFieldsAreReadInKibAndAnUnknownFieldIsNaN() {
        long pid = ProcessHandle.current().pid();
        assertThat(Forked.statusKib(pid, "VmRSS")).isGreaterThan(1024);
        assertThat(Forked.statusKib(pid, "NoSuchField")).isNaN();
    }

    @Test
    void spreadIsTheMedianAndRangeAndARoundIsNoisyPastTheShare() {
        Spread s = Spread.of(List.of(12.0, 10.0, 100.0, 9.0));
        assertThat(s).isEqualTo(new Spread(11.0, 9.0, 100.0));
        assertThat(s.show(1)).isEqualTo("11.0 (9.0–100.0)");
        assertThat(s.off(13.0, 0.25)).isFalse();
        assertThat(s.off(14.0, 0.25)).isTrue();
        assertThat(s.off(8.0, 0.25)).isTrue();
        assertThat(Spread.of(List.of(Double.NaN)).show(0)).isEqualTo("n/a");
    }
}
