package io.azmonrw.bench.gen;

import io.azmonrw.bench.gen.RemoteWriteEncoder.Version;
import io.azmonrw.bench.load.Workload;
import io.vertx.core.http.RequestOptions;

/**
 * Pre-encoded, snappy-compressed request bodies over a stable series set, so that the generator spends no CPU
 * on encoding while it measures. Successive bodies walk the series set in order; {@code rounds} copies with
 * advancing timestamps are kept (as consecutive scrapes would produce).
 */
public final class Payloads implements Workload {

  private final Version version;
  private final byte[][] bodies;
  private final int samplesPerRequest;
  private final long rawBytes;

  private Payloads(Version version, byte[][] bodies, int samplesPerRequest, long rawBytes) {
    this.version = version;
    this.bodies = bodies;
    this.samplesPerRequest = samplesPerRequest;
    this.rawBytes = rawBytes;
  }

  /** Encodes every batch of {@code set} for {@code rounds} scrapes 30 s apart. */
  public static Payloads build(Version version, SeriesSet set, int samplesPerRequest, int rounds) {
    int batches = (set.size() + samplesPerRequest - 1) / samplesPerRequest;
    byte[][] bodies = new byte[batches * rounds][];
    long raw = 0;
    long ts0 = 1_700_000_000_000L;
    int n = 0;
    for (int r = 0; r < rounds; r++) {
      for (int b = 0; b < batches; b++) {
        byte[] pb = RemoteWriteEncoder.encode(version, set, b * samplesPerRequest, samplesPerRequest, ts0 + r * 30_000L, r * 7.0);
        raw += pb.length;
        bodies[n++] = RemoteWriteEncoder.compress(pb);
      }
    }
    return new Payloads(version, bodies, samplesPerRequest, raw / bodies.length);
  }

  public Version version() {
    return version;
  }

  @Override
  public void decorate(RequestOptions ro) {
    ro.putHeader("Content-Type", version.contentType())
        .putHeader("Content-Encoding", "snappy")
        .putHeader("X-Prometheus-Remote-Write-Version", version.headerValue());
  }

  /** Body number {@code i}, cycling. */
  @Override
  public byte[] body(long i) {
    return bodies[(int) (i % bodies.length)];
  }

  public int count() {
    return bodies.length;
  }

  @Override
  public int samplesPerRequest() {
    return samplesPerRequest;
  }

  /** Mean uncompressed protobuf size. */
  public long meanRawBytes() {
    return rawBytes;
  }

  /** Mean compressed body size. */
  public long meanCompressedBytes() {
    long sum = 0;
    for (byte[] b : bodies) {
      sum += b.length;
    }
    return sum / bodies.length;
  }
}
