package io.azmonrw.bench.gen;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.azmonrw.bench.gen.SeriesSet.Label;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Encodes remote write 1.0 ({@code prometheus.WriteRequest}) and 2.0 ({@code io.prometheus.write.v2.Request})
 * bodies by hand with CodedOutputStream, so the generator needs no generated classes.
 */
public final class RemoteWriteEncoder {

  /** Remote write protocol version of a body. */
  public enum Version {
    V1("application/x-protobuf", "0.1.0"),
    V2("application/x-protobuf;proto=io.prometheus.write.v2.Request", "2.0.0");

    private final String contentType;
    private final String headerValue;

    Version(String contentType, String headerValue) {
      this.contentType = contentType;
      this.headerValue = headerValue;
    }

    public String contentType() {
      return contentType;
    }

    /** Value of X-Prometheus-Remote-Write-Version, as Prometheus sends it. */
    public String headerValue() {
      return headerValue;
    }
  }

  private static final int LD = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private RemoteWriteEncoder() {}

  /**
   * The uncompressed protobuf of one request: series {@code first .. first+count-1} (modulo the set size),
   * one sample each at {@code timestampMs}.
   */
  public static byte[] encode(Version version, SeriesSet set, int first, int count, long timestampMs, double valueBase) {
    try {
      return version == Version.V1
          ? encodeV1(set, first, count, timestampMs, valueBase)
          : encodeV2(set, first, count, timestampMs, valueBase);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Snappy block format, as Prometheus sends it. */
  public static byte[] compress(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double value(double base, int i) {
    return base + i * 0.5;
  }

  private static int sampleSize(double v, long ts) {
    return CodedOutputStream.computeDoubleSize(1, v) + CodedOutputStream.computeInt64Size(2, ts);
  }

  private static int delimited(int field, int size) {
    return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static byte[] encodeV1(SeriesSet set, int first, int count, long ts, double base) throws IOException {
    int[] seriesSizes = new int[count];
    int total = 0;
    for (int i = 0; i < count; i++) {
      List<Label> labels = set.labels((first + i) % set.size());
      int size = 0;
      for (Label l : labels) {
        size += delimited(1, labelSize(l));
      }
      size += delimited(2, sampleSize(value(base, i), ts));
      seriesSizes[i] = size;
      total += delimited(1, size);
    }
    byte[] out = new byte[total];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    for (int i = 0; i < count; i++) {
      cos.writeTag(1, LD);
      cos.writeUInt32NoTag(seriesSizes[i]);
      for (Label l : set.labels((first + i) % set.size())) {
        cos.writeTag(1, LD);
        cos.writeUInt32NoTag(labelSize(l));
        cos.writeString(1, l.name());
        cos.writeString(2, l.value());
      }
      writeSample(cos, 2, value(base, i), ts);
    }
    cos.checkNoSpaceLeft();
    return out;
  }

  private static int labelSize(Label l) {
    return CodedOutputStream.computeStringSize(1, l.name()) + CodedOutputStream.computeStringSize(2, l.value());
  }

  private static void writeSample(CodedOutputStream cos, int field, double v, long ts) throws IOException {
    cos.writeTag(field, LD);
    cos.writeUInt32NoTag(sampleSize(v, ts));
    cos.writeDouble(1, v);
    cos.writeInt64(2, ts);
  }

  private static byte[] encodeV2(SeriesSet set, int first, int count, long ts, double base) throws IOException {
    // symbols[0] must be the empty string (remote write 2.0 spec)
    Map<String, Integer> refs = new HashMap<>();
    List<String> symbols = new java.util.ArrayList<>();
    symbols.add("");
    refs.put("", 0);
    int[][] labelRefs = new int[count][];
    for (int i = 0; i < count; i++) {
      List<Label> labels = set.labels((first + i) % set.size());
      int[] r = new int[labels.size() * 2];
      for (int k = 0; k < labels.size(); k++) {
        r[2 * k] = ref(refs, symbols, labels.get(k).name());
        r[2 * k + 1] = ref(refs, symbols, labels.get(k).value());
      }
      labelRefs[i] = r;
    }
    int total = 0;
    for (String s : symbols) {
      total += CodedOutputStream.computeStringSize(4, s);
    }
    int[] packedSizes = new int[count];
    int[] seriesSizes = new int[count];
    for (int i = 0; i < count; i++) {
      int packed = 0;
      for (int r : labelRefs[i]) {
        packed += CodedOutputStream.computeUInt32SizeNoTag(r);
      }
      packedSizes[i] = packed;
      seriesSizes[i] = delimited(1, packed) + delimited(2, sampleSize(value(base, i), ts));
      total += delimited(5, seriesSizes[i]);
    }
    byte[] out = new byte[total];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    for (String s : symbols) {
      cos.writeString(4, s);
    }
    for (int i = 0; i < count; i++) {
      cos.writeTag(5, LD);
      cos.writeUInt32NoTag(seriesSizes[i]);
      cos.writeTag(1, LD);
      cos.writeUInt32NoTag(packedSizes[i]);
      for (int r : labelRefs[i]) {
        cos.writeUInt32NoTag(r);
      }
      writeSample(cos, 2, value(base, i), ts);
    }
    cos.checkNoSpaceLeft();
    return out;
  }

  private static int ref(Map<String, Integer> refs, List<String> symbols, String s) {
    Integer r = refs.get(s);
    if (r == null) {
      r = symbols.size();
      symbols.add(s);
      refs.put(s, r);
    }
    return r;
  }
}
