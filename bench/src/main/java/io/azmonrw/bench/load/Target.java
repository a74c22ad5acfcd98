package io.azmonrw.bench.load;

/** Where a load run sends its writes: a named path of the comparison, plain HTTP or HTTPS. */
public record Target(String name, String host, int port, boolean tls, String path) {

  public String url() {
    return (tls ? "https://" : "http://") + host + ":" + port + path;
  }
}
