package io.azmonrw.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.bench.gen.Payloads.Version;
import io.azmonrw.testkit.RemoteWriteDecoder;
import io.azmonrw.testkit.SeriesKey;
import io.azmonrw.testkit.prompb.Types.Label;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final SeriesSet SET = SeriesSet.generate(3_000, 42);

    private static String key(int i) {
        return SeriesKey.of(
                SET.labels(i % SET.size()).stream().collect(Collectors.toMap(Label::getName, Label::getValue)));
    }

    @Test
    void seriesHaveTenToFifteenSortedLabelsAndAreDistinct() {
        Set<List<Label>> seen = new HashSet<>();
        for (int i = 0; i < SET.size(); i++) {
            List<String> names = SET.labels(i).stream().map(Label::getName).toList();
            assertThat(names)
                    .hasSizeBetween(10, 15)
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .contains("__name__");
            seen.add(SET.labels(i));
        }
        assertThat(seen).hasSize(SET.size());
        assertThat(SeriesSet.generate(3_000, 42).labels(1234)).isEqualTo(SET.labels(1234));
    }

    @Test
    void bothVersionsWalkTheSetInBatchesWithOneSamplePerSeriesAndCycle() throws Exception {
        for (Version v : Version.values()) {
            Payloads p = Payloads.build(v, SET, 2_000, 3);
            byte[][] bodies = p.workload().bodies();
            assertThat(bodies).hasNumberOfRows(6);
            assertThat(p.workload().body(6)).isSameAs(bodies[0]);
            assertThat(p.workload().meanBytes()).isLessThan(p.meanRawBytes());
            String contentType = p.workload().headers().get("Content-Type");
            // testkit's decoder, which the ingestion stand-in uses, is the independent reader here
            RemoteWriteDecoder.Decoded second = RemoteWriteDecoder.decode(bodies[1], contentType);
            assertThat(second.version()).isEqualTo(v == Version.V1 ? 1 : 2);
            assertThat(second.samples()).isEqualTo(2_000);
            for (int i = 0; i < 2_000; i += 97) {
                assertThat(second.series().get(i).key()).isEqualTo(key(2_000 + i));
                assertThat(second.series().get(i).sampleTimestamps()).containsExactly(1_700_000_000_000L);
            }
            // the next round is the next scrape: same series, 30 s later
            RemoteWriteDecoder.Decoded nextScrape = RemoteWriteDecoder.decode(bodies[2], contentType);
            assertThat(nextScrape.series().get(0).key()).isEqualTo(key(0));
            assertThat(nextScrape.series().get(0).sampleTimestamps()).containsExactly(1_700_000_030_000L);
        }
        assertThat(Payloads.build(Version.V2, SET, 2_000, 1).workload().headers())
                .containsAllEntriesOf(
                        Map.of("Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "2.0.0"));
    }
}
