package io.azmonrw.bench.load;

import io.vertx.core.http.RequestOptions;

/** What a load generator sends: request bodies, their headers and how many items (samples, admissions) each carries. */
public interface Workload {

  /** Body number {@code i}, cycling over a pre-built set. */
  byte[] body(long i);

  /** Items counted per request: samples for remote write, 1 for an admission. */
  int samplesPerRequest();

  /** Sets the method-independent headers (content type, encoding). */
  void decorate(RequestOptions options);
}
