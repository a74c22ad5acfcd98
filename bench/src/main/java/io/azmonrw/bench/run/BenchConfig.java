package io.azmonrw.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.config.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Knobs of one `make bench` run, read once from the environment (all have defaults). */
public record BenchConfig(
        Path workDir,
        Path output,
        Path proxyJar,
        Path imageDir,
        String nginxBinary,
        String proxyCpus,
        int series,
        int samplesPerRequest,
        int concurrency,
        int rounds,
        double noisyShare,
        double warmupSeconds,
        double closedSeconds,
        double openSeconds,
        double sustainSeconds,
        double sustainSamplesPerSecond,
        int startupRuns,
        long memoryLimitMib,
        long webhookMemoryLimitMib,
        String jmhInclude,
        String command) {

    /** The proxy image's JVM defaults, read by its Entrypoint through -XX:Flags; the host-java fallback reads the same file. */
    static final Path PROXY_FLAGS = Path.of("images/proxy.flags");

    static final Path WEBHOOK_FLAGS = Path.of("images/webhook.flags");
    /** The chart's values: the webhook's memory limit (resources.limits.memory) is read from here, its one home. */
    static final Path CHART_VALUES = Path.of("charts/azmon-remote-write/values.yaml");

    public static BenchConfig from(Map<String, String> env) {
        return from(env, CHART_VALUES);
    }

    /** The knobs in {@code env}; the webhook's memory limit from the chart values {@code chartValues}. */
    static BenchConfig from(Map<String, String> env, Path chartValues) {
        Path work = Path.of(env.getOrDefault("BENCH_WORK_DIR", "bench/target/run"));
        String image = env.getOrDefault("BENCH_IMAGE_DIR", "");
        return new BenchConfig(
                work,
                Path.of(env.getOrDefault("BENCH_OUTPUT", "BENCHMARKS.md")),
                Path.of(env.getOrDefault("BENCH_PROXY_JAR", "proxy/target/azmon-rw-proxy.jar")),
                image.isBlank() ? null : Path.of(image).toAbsolutePath(),
                env.getOrDefault("BENCH_NGINX", "/usr/sbin/nginx"),
                env.getOrDefault("BENCH_PROXY_CPUS", "1"),
                Integer.parseInt(env.getOrDefault("BENCH_SERIES", "10000")),
                Integer.parseInt(env.getOrDefault("BENCH_SAMPLES_PER_REQUEST", "2000")),
                Integer.parseInt(env.getOrDefault("BENCH_CONCURRENCY", "8")),
                Math.max(1, Integer.parseInt(env.getOrDefault("BENCH_ROUNDS", "3"))),
                Double.parseDouble(env.getOrDefault("BENCH_NOISY_SHARE", "0.25")),
                Double.parseDouble(env.getOrDefault("BENCH_WARMUP_SECONDS", "4")),
                Double.parseDouble(env.getOrDefault("BENCH_CLOSED_SECONDS", "8")),
                Double.parseDouble(env.getOrDefault("BENCH_OPEN_SECONDS", "10")),
                Double.parseDouble(env.getOrDefault("BENCH_SUSTAIN_SECONDS", "50")),
                Double.parseDouble(env.getOrDefault("BENCH_SUSTAIN_SAMPLES_PER_SECOND", "200000")),
                Integer.parseInt(env.getOrDefault("BENCH_STARTUP_RUNS", "5")),
                // the memory limits (the proxy's injected default, the webhook's in the chart): a container gets them
                // as its cgroup limit, here -XX:MaxRAM stands in
                mib(env.getOrDefault("BENCH_MEMORY_LIMIT", Injection.DEFAULT_MEMORY_LIMIT)),
                mib(webhookMemoryLimit(chartValues)),
                env.getOrDefault("BENCH_JMH", ".*"),
                env.getOrDefault("BENCH_COMMAND", "make bench"));
    }

    /** The webhook Deployment's memory limit in the chart's values, e.g. {@code 384Mi}. */
    static String webhookMemoryLimit(Path values) {
        try {
            JsonNode limit = new YAMLMapper().readTree(values.toFile()).at("/resources/limits/memory");
            if (!limit.isValueNode()) {
                throw new IllegalStateException(
                        values + " has no resources.limits.memory (the webhook's memory limit)");
            }
            return limit.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long mib(String quantity) {
        return Quantity.parse(quantity).mebibytes();
    }

    /** The stand-in for the webhook container's cgroup limit: {@code -XX:MaxRAM=} the chart's memory limit. */
    String webhookMaxRam() {
        return "-XX:MaxRAM=" + webhookMemoryLimitMib + "m";
    }

    /** JVM options of a host-java run of proxy code: the image's flags file plus the stand-in for the memory limit. */
    List<String> hostJvm(Path flags) {
        return List.of("-XX:Flags=" + flags.toAbsolutePath(), "-XX:MaxRAM=" + memoryLimitMib + "m");
    }

    /** A line of the unpacked image's description (entrypoint, env, source, java-version), or an empty list. */
    List<String> image(String file) {
        try {
            return imageDir == null
                    ? List.of()
                    : Files.readAllLines(imageDir.resolve(file)).stream()
                            .filter(l -> !l.isBlank())
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
