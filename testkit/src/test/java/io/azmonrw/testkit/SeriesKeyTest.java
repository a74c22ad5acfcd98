package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
    @Test
    void sortsLabelNamesAndEscapesValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("job", "a\"b");
        m.put("__name__", "up");
        m.put("instance", "x\\y\nz");
        assertThat(SeriesKey.of(m)).isEqualTo("{__name__=\"up\",instance=\"x\\\\y\\nz\",job=\"a\\\"b\"}");
    }

    @Test
    void receivedSamplesCountDuplicatesAndKeepTimestampsSorted() {
        ReceivedSamples r = new ReceivedSamples();
        assertThat(r.add("s", 30)).isTrue();
        assertThat(r.add("s", 10)).isTrue();
        assertThat(r.add("s", 20)).isTrue();
        assertThat(r.add("s", 10)).isFalse();
        for (long t = 40; t < 100; t++) {
            r.add("s", t);
        }
        assertThat(r.timestamps("s")).startsWith(10, 20, 30, 40).hasSize(63);
        assertThat(r.uniqueSamples()).isEqualTo(63);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.contains("s", 20)).isTrue();
        assertThat(r.contains("s", 21)).isFalse();
        assertThat(r.contains("other", 20)).isFalse();
    }
}
