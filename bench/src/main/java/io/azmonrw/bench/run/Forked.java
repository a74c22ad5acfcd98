package io.azmonrw.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process under test (our proxy, nginx or the webhook), started pinned with taskset, its output in a log file. */
public final class Forked implements AutoCloseable {

  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Process process;
  private final long startNanos;
  private final int port;
  private final Path log;

  /**
   * Starts {@code command} under {@code taskset -c cpus} (when taskset exists) with exactly {@code env} plus PATH,
   * so nothing from the caller's environment (AZURE_*, IDENTITY_ENDPOINT) can point it anywhere but loopback.
   */
  public Forked(String cpus, List<String> command, Map<String, String> env, int port, Path log) {
    List<String> full = new ArrayList<>();
    if (cpus != null && !cpus.isBlank() && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
      full.addAll(List.of("/usr/bin/taskset", "-c", cpus));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
    String path = pb.environment().getOrDefault("PATH", "/usr/bin:/bin");
    pb.environment().clear();
    pb.environment().put("PATH", path);
    pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
    pb.environment().putAll(env);
    this.port = port;
    this.log = log;
    this.startNanos = System.nanoTime();
    try {
      this.process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** Polls {@code GET path} until it answers 200; milliseconds from process start, or -1 on timeout or death. */
  public double awaitHttp200(String path, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(1)).build();
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          if (PROBE.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return (System.nanoTime() - startNanos) / 1e6;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  /** Last lines of the process's output, for the report when something went wrong. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM, then SIGKILL after {@code graceSeconds}; returns the exit code (or -1). */
  public int stop(int graceSeconds) {
    process.destroy();
    try {
      if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return -1;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(10);
    }
  }
}
