package io.azmonrw.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.azmonrw.bench.gen.RemoteWriteEncoder.Version;
import io.azmonrw.bench.gen.SeriesSet.Label;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteEncoderTest {

  private static final SeriesSet SET = SeriesSet.generate(3_000, 42);

  @Test
  void seriesHaveTenToFifteenSortedLabelsAndAreDistinct() {
    Set<List<Label>> seen = new HashSet<>();
    for (int i = 0; i < SET.size(); i++) {
      List<Label> labels = SET.labels(i);
      assertThat(labels.size()).isBetween(10, 15);
      List<String> names = labels.stream().map(Label::name).toList();
      assertThat(names).isSorted().doesNotHaveDuplicates().contains("__name__");
      seen.add(labels);
    }
    assertThat(seen).hasSize(SET.size());
    assertThat(SeriesSet.generate(3_000, 42).labels(1234)).isEqualTo(SET.labels(1234));
  }

  @Test
  void v1BodyParsesAsWriteRequestWithOneSamplePerSeries() throws Exception {
    byte[] body = RemoteWriteEncoder.compress(RemoteWriteEncoder.encode(Version.V1, SET, 2_500, 2_000, 1_000L, 3.0));
    // protobuf-java's schema-less parser is the independent reader here
    UnknownFieldSet req = UnknownFieldSet.parseFrom(Snappy.uncompress(body));
    List<ByteString> series = req.getField(1).getLengthDelimitedList();
    assertThat(series).hasSize(2_000);
    for (int i = 0; i < series.size(); i += 97) {
      UnknownFieldSet ts = UnknownFieldSet.parseFrom(series.get(i));
      List<Label> labels = new ArrayList<>();
      for (ByteString l : ts.getField(1).getLengthDelimitedList()) {
        UnknownFieldSet lf = UnknownFieldSet.parseFrom(l);
        labels.add(new Label(lf.getField(1).getLengthDelimitedList().get(0).toStringUtf8(),
            lf.getField(2).getLengthDelimitedList().get(0).toStringUtf8()));
      }
      assertThat(labels).isEqualTo(SET.labels((2_500 + i) % SET.size()));
      List<ByteString> samples = ts.getField(2).getLengthDelimitedList();
      assertThat(samples).hasSize(1);
      UnknownFieldSet s = UnknownFieldSet.parseFrom(samples.get(0));
      assertThat(Double.longBitsToDouble(s.getField(1).getFixed64List().get(0))).isEqualTo(3.0 + i * 0.5);
      assertThat(s.getField(2).getVarintList()).containsExactly(1_000L);
    }
  }

  @Test
  void v2BodyHasEmptyFirstSymbolAndRefsThatResolveToTheLabels() throws Exception {
    byte[] raw = RemoteWriteEncoder.encode(Version.V2, SET, 0, 2_000, 5L, 0.0);
    UnknownFieldSet req = UnknownFieldSet.parseFrom(raw);
    List<String> symbols = req.getField(4).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
    assertThat(symbols.get(0)).isEmpty();
    assertThat(symbols).doesNotHaveDuplicates();
    List<ByteString> series = req.getField(5).getLengthDelimitedList();
    assertThat(series).hasSize(2_000);
    for (int i = 0; i < series.size(); i += 101) {
      UnknownFieldSet ts = UnknownFieldSet.parseFrom(series.get(i));
      com.google.protobuf.CodedInputStream refs = ts.getField(1).getLengthDelimitedList().get(0).newCodedInput();
      List<Label> labels = new ArrayList<>();
      while (!refs.isAtEnd()) {
        labels.add(new Label(symbols.get(refs.readUInt32()), symbols.get(refs.readUInt32())));
      }
      assertThat(labels).isEqualTo(SET.labels(i));
      assertThat(ts.getField(2).getLengthDelimitedList()).hasSize(1);
    }
  }

  @Test
  void payloadsCycleOverEverySeriesBatch() {
    Payloads p = Payloads.build(Version.V1, SeriesSet.generate(4_000, 1), 2_000, 3);
    assertThat(p.count()).isEqualTo(6);
    assertThat(p.body(0)).isSameAs(p.body(6));
    assertThat(p.body(0)).isNotEqualTo(p.body(1));
    assertThat(p.meanCompressedBytes()).isLessThan(p.meanRawBytes());
  }
}
