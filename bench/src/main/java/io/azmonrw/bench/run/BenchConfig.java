package io.azmonrw.bench.run;

import java.nio.file.Path;
import java.util.Map;

/** Knobs of one `make bench` run, read once from the environment (all have defaults). */
public record BenchConfig(
    Path workDir,
    Path output,
    Path proxyJar,
    String nginxBinary,
    String proxyCpus,
    int series,
    int samplesPerRequest,
    int concurrency,
    int rounds,
    double warmupSeconds,
    double closedSeconds,
    double openSeconds,
    double sustainSeconds,
    double sustainSamplesPerSecond,
    int startupRuns,
    String jvmOptions,
    String tunedJvmOptions,
    String jmhInclude,
    String command) {

  /** The image's JVM flags; MaxRAM stands in for the container memory limit, which this machine has not. */
  public static final String IMAGE_JVM_OPTIONS =
      "-XX:+UseSerialGC -XX:MaxRAM=256m -XX:MaxRAMPercentage=75 -Xss512k -XX:+ExitOnOutOfMemoryError";

  /** A leaner candidate for the image, measured beside it in the sustained phase (plus MALLOC_ARENA_MAX=2). */
  public static final String TUNED_JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms16m -Xmx48m -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m "
          + "-XX:MaxMetaspaceSize=64m -XX:CICompilerCount=1 -XX:-UseCompressedClassPointers -XX:+ExitOnOutOfMemoryError";

  public static BenchConfig from(Map<String, String> env) {
    Path work = Path.of(env.getOrDefault("BENCH_WORK_DIR", "bench/target/run"));
    return new BenchConfig(
        work,
        Path.of(env.getOrDefault("BENCH_OUTPUT", "BENCHMARKS.md")),
        Path.of(env.getOrDefault("BENCH_PROXY_JAR", "proxy/target/azmon-rw-proxy.jar")),
        env.getOrDefault("BENCH_NGINX", "/usr/sbin/nginx"),
        env.getOrDefault("BENCH_PROXY_CPUS", "1"),
        Integer.parseInt(env.getOrDefault("BENCH_SERIES", "10000")),
        Integer.parseInt(env.getOrDefault("BENCH_SAMPLES_PER_REQUEST", "2000")),
        Integer.parseInt(env.getOrDefault("BENCH_CONCURRENCY", "8")),
        Integer.parseInt(env.getOrDefault("BENCH_ROUNDS", "2")),
        Double.parseDouble(env.getOrDefault("BENCH_WARMUP_SECONDS", "5")),
        Double.parseDouble(env.getOrDefault("BENCH_CLOSED_SECONDS", "10")),
        Double.parseDouble(env.getOrDefault("BENCH_OPEN_SECONDS", "15")),
        Double.parseDouble(env.getOrDefault("BENCH_SUSTAIN_SECONDS", "180")),
        Double.parseDouble(env.getOrDefault("BENCH_SUSTAIN_SAMPLES_PER_SECOND", "200000")),
        Integer.parseInt(env.getOrDefault("BENCH_STARTUP_RUNS", "3")),
        env.getOrDefault("BENCH_JVM_OPTIONS", IMAGE_JVM_OPTIONS),
        env.getOrDefault("BENCH_TUNED_JVM_OPTIONS", TUNED_JVM_OPTIONS),
        env.getOrDefault("BENCH_JMH", ".*"),
        env.getOrDefault("BENCH_COMMAND", "make bench"));
  }
}
