package io.azmonrw.bench.webhook;

import io.azmonrw.bench.load.Workload;
import io.vertx.core.http.RequestOptions;

/** One AdmissionReview, sent again and again (uids differ only in what the API server would vary). */
public final class AdmissionWorkload implements Workload {

  private final byte[][] bodies;

  public AdmissionWorkload(byte[][] bodies) {
    this.bodies = bodies;
  }

  @Override
  public byte[] body(long i) {
    return bodies[(int) (i % bodies.length)];
  }

  @Override
  public int samplesPerRequest() {
    return 1;
  }

  @Override
  public void decorate(RequestOptions options) {
    options.putHeader("Content-Type", "application/json").setURI("/mutate");
  }

  public int size() {
    return bodies[0].length;
  }
}
