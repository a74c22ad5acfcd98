package io.azmonrw.bench.run;

import static io.azmonrw.bench.run.PathComparison.RPS;
import static io.azmonrw.bench.run.PathComparison.ms;
import static io.azmonrw.bench.run.PathComparison.spread;
import static io.azmonrw.bench.run.Spread.num;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.run.PathComparison.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Collects one run's figures and renders BENCHMARKS.md: every figure the median of its rounds with their range. */
final class Report {

    private static final ToDoubleFunction<Run> CPU = Run::cpuPerMillionSamples;
    private static final DoubleBinaryOperator RATIO = (a, b) -> a / b;
    private static final DoubleBinaryOperator DIFF = (a, b) -> a - b;
    private static final ToDoubleFunction<Run> SAMPLES_PER_SECOND =
            r -> r.result().samples() / r.result().seconds();
    private static final ToDoubleFunction<Run> CORE_SHARE =
            r -> r.cpuSeconds() / r.result().seconds();
    private static final ToDoubleFunction<Run> CPU_MS_PER_OK =
            r -> r.cpuSeconds() * 1000 / Math.max(1, r.result().ok());

    private final BenchConfig cfg;
    private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    private final StringBuilder md = new StringBuilder();
    final List<String> problems = new ArrayList<>();
    List<Payloads> payloads = List.of();
    BenchMain.Startup startup;
    double proxyPeakRssMib = Double.NaN;
    double nginxPeakRssMib = Double.NaN;
    int proxyExit = Integer.MIN_VALUE;
    PathComparison comparison;
    List<Run> sustained;
    double sustainedRate;
    List<BenchMain.Score> jmh = List.of();
    Profile.Result profile;
    List<BenchMain.Webhook> webhook = List.of();
    long tokensIssued;
    long sinkRequests;
    long sinkWithBearer;

    Report(BenchConfig cfg) {
        this.cfg = cfg;
    }

    /** A column of a table: its header and the cell it shows for one row. */
    private record Col<T>(String header, Function<T, Object> cell) {}

    private static <T> Col<T> col(String header, Function<T, Object> cell) {
        return new Col<>(header, cell);
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    private void add(String fmt, Object... args) {
        md.append(f(fmt, args));
    }

    /** One markdown table row. */
    private void row(Object... cells) {
        md.append(Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |\n")));
    }

    private void header(String... columns) {
        row((Object[]) columns);
        row(Arrays.stream(columns).map(c -> "---").toArray());
    }

    /** A markdown table: the columns' headers, then one row per item. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the columns are only read
    private <T> void table(Iterable<T> items, Col<T>... cols) {
        header(Arrays.stream(cols).map(Col::header).toArray(String[]::new));
        items.forEach(
                item -> row(Arrays.stream(cols).map(c -> c.cell().apply(item)).toArray()));
    }

    /** A section's heading, or with it "Not run." when its figures are missing; true when there is something to show. */
    private boolean section(String heading, boolean ran) {
        add("## %s\n\n%s", heading, ran ? "" : "Not run.\n\n");
        return ran;
    }

    private static String machine() {
        try {
            List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D", "");
            String model = cpuinfo.stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .orElse("?")
                    .replaceFirst("^[^:]*:", "")
                    .trim();
            return f(
                    "%s, %d CPUs, %d GiB RAM, Linux %s (%s); bench JVM Java %s",
                    model,
                    cpuinfo.stream().filter(l -> l.startsWith("processor")).count(),
                    Long.parseLong(mem) >> 20,
                    System.getProperty("os.version"),
                    System.getProperty("os.arch"),
                    System.getProperty("java.version"));
        } catch (IOException | RuntimeException e) {
            return "? (" + e + ")";
        }
    }

    private String runtime() {
        if (cfg.imageDir() == null) {
            String flags = String.join(" ", cfg.hostJvm(BenchConfig.PROXY_FLAGS));
            return f(
                    """
                    **the host's java (%s %s), not the image's runtime** (no unpacked proxy image: `make images` builds \
                    it; run.sh unpacks it as root unless BENCH_RUNTIME=host), with the image's flags file: \
                    `java %s ... -jar proxy/target/azmon-rw-proxy.jar`""",
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    flags.replace(
                            BenchConfig.PROXY_FLAGS.toAbsolutePath().toString(), BenchConfig.PROXY_FLAGS.toString()));
        }
        return f(
                """
                the image %s, run as the image runs: its Entrypoint `%s` with its Env, through `images/rootfs-run.sh` \
                (chroot, read-only root, uid 65532), `JAVA_TOOL_OPTIONS=-XX:MaxRAM=%dm`; its java: %s""",
                String.join(" ", cfg.image("source")),
                String.join(" ", cfg.image("entrypoint")),
                cfg.memoryLimitMib(),
                cfg.image("java-version").stream()
                        .filter(l -> l.contains("Runtime"))
                        .findFirst()
                        .orElse("?"));
    }

    String render() {
        md.setLength(0);
        add(
                """
                # Benchmarks

                Rewritten by `make bench` (bench/run.sh, module `bench/`); edit the code, not this file.

                - Date: %s
                - Command: `%s`
                - Machine: %s
                - Proxy runtime measured: %s. `-XX:MaxRAM=%dm` stands in for the injected default memory limit (the \
                cgroup this machine does not give).
                - Every figure: the median of %d rounds (alternating the paths round by round), with the range \
                `(min–max)`. A round is **noisy** when the direct path's own figure in it moved more than %.0f%% from the \
                median of the direct rounds: the machine, not the path under test, moved.

                """,
                started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                cfg.command(),
                machine(),
                runtime(),
                cfg.memoryLimitMib(),
                cfg.rounds(),
                cfg.noisyShare() * 100);
        goals();
        setup();
        paths();
        memoryAndStartup();
        sustained();
        decoder();
        webhook();
        profile();
        if (!problems.isEmpty()) {
            add("## Problems seen in this run\n\n");
            problems.forEach(p -> add("- %s\n", p.replace("\n", " ")));
            add("\n");
        }
        return md.toString();
    }

    private void goal(Goals g, Spread measured, String name) {
        String met = Double.isNaN(measured.median()) ? "not measured" : g.met(measured) ? "yes" : "**no**";
        row(name, num(g.limit, g.unit.equals("x") ? 1 : 0) + " " + g.unit, measured.show(g.decimals), met);
    }

    private void goals() {
        add("## Goals (issue 18)\n\n");
        header("goal", "at most", "measured: median (min–max)", "met");
        double rate = sustained == null ? cfg.sustainSamplesPerSecond() : sustainedRate * cfg.samplesPerRequest();
        goal(Goals.SUSTAINED_RSS, spread(sustained, Run::maxRssMib), f(Goals.SUSTAINED_RSS.text, num(rate, 0)));
        List<Double> idle = startup == null ? List.of() : startup.settledRssMib();
        goal(Goals.IDLE_RSS, Spread.of(idle), Goals.IDLE_RSS.text);
        String arch = System.getProperty("os.arch");
        for (Goals g : List.of(Goals.READY_AMD64, Goals.READY_ARM64)) {
            if (arch.equals("aarch64") == (g == Goals.READY_ARM64)) {
                goal(g, Spread.of(startup == null ? List.of() : startup.readyMillis()), g.text);
            } else {
                String why = "not measurable here: this machine is " + arch + "; the other architecture's image runs "
                        + "here only under qemu's emulator, whose start time says nothing about the real one";
                row(g.text, num(g.limit, 0) + " ms", why, "n/a");
            }
        }
        var open = comparison == null ? Map.<String, List<Run>>of() : comparison.open;
        goal(Goals.CPU_VS_NGINX, PathComparison.paired(open, "ours", "nginx", CPU, RATIO), Goals.CPU_VS_NGINX.text);
        for (BenchMain.Webhook w : webhook) {
            Goals g = w.pod().equals("kps") ? Goals.WEBHOOK_KPS_P99 : Goals.WEBHOOK_LARGE_P99;
            goal(g, w.rounds().open(w.pod(), ms(99)), g.text);
        }
        add("\n");
    }

    private void setup() {
        add("## Setup\n\n");
        for (Payloads p : payloads) {
            add(
                    """
                    - Remote write %s bodies: %,d samples per request, one sample per series, over a stable set of %,d \
                    series with 10 to 15 labels (kube-prometheus-stack shapes); mean %,d bytes protobuf, %,d bytes snappy.
                    """,
                    p.version() == Payloads.Version.V1 ? "1.0" : "2.0",
                    p.workload().itemsPerRequest(),
                    cfg.series(),
                    p.meanRawBytes(),
                    p.workload().meanBytes());
        }
        add("""
                - Paths: direct = generator -> sink (HTTPS); ours = generator -> proxy (HTTP, loopback) -> sink (HTTPS, \
                bearer token from the local Entra stand-in, cached); nginx = generator -> nginx (HTTP) -> sink (HTTPS, \
                fixed Authorization header, keep-alive upstream). The sink answers 204 over HTTP/1.1 only, so both \
                middle processes use pooled HTTP/1.1 upstream connections.
                - Pinning: the generator, sink and token stand-in share one JVM pinned with `taskset -c 0`; the process \
                under test (our proxy, or nginx with one process, `master_process off`) runs under `taskset -c %s`.
                - Closed loop: %d requests outstanding, %.0f s warm-up then %.0f s measured per round. Open loop: a fixed \
                rate, half the slowest path's median saturation, %.0f s measured per round after warm-up, latency from \
                each request's due time (HdrHistogram, corrected for coordinated omission). Added latency = the path's \
                percentile minus the direct path's in the same round.

                """, cfg.proxyCpus(), cfg.concurrency(), cfg.warmupSeconds() / 2, cfg.closedSeconds(), cfg.openSeconds());
    }

    private void noisy(Map<String, List<Run>> runs, ToDoubleFunction<Run> metric, String what) {
        List<Integer> n = comparison.noisy(runs, metric);
        add(
                "\nNoisy rounds (direct %s more than %.0f%% from its median): %s.\n\n",
                what, cfg.noisyShare() * 100, n.isEmpty() ? "none" : n);
    }

    /** Per round, {@code op} of {@code path}'s figure and the direct path's in the same round. */
    private static Spread vsDirect(
            Map<String, List<Run>> runs, String path, ToDoubleFunction<Run> m, DoubleBinaryOperator op) {
        return PathComparison.paired(runs, path, "direct", m, op);
    }

    private void paths() {
        if (!section("1. Three paths", comparison != null)) {
            return;
        }
        PathComparison c = comparison;
        var closed = c.closed;
        add("Saturation (closed loop):\n\n");
        table(
                closed.keySet(),
                col("path", p -> p),
                col("req/s", p -> c.closed(p, RPS).show(0)),
                col("samples/s", p -> c.closed(p, SAMPLES_PER_SECOND).show(0)),
                col("p50 ms", p -> c.closed(p, ms(50)).show(2)),
                col("p99 ms", p -> c.closed(p, ms(99)).show(2)),
                col("failed", p -> num(PathComparison.failed(closed.get(p)), 0)),
                col("middle CPU-s per M samples", p -> c.closed(p, CPU).show(3)),
                col("saturation vs direct", p -> vsDirect(closed, p, RPS, RATIO).show(2)));
        noisy(closed, RPS, "req/s");
        var open = c.open;
        add(
                "Fixed rate %s req/s (%s samples/s), open loop:\n\n",
                num(c.fixedRate, 0), num(c.fixedRate * cfg.samplesPerRequest(), 0));
        table(
                open.keySet(),
                col("path", p -> p),
                col("p50 ms", p -> c.open(p, ms(50)).show(2)),
                col("p99 ms", p -> c.open(p, ms(99)).show(2)),
                col("p99.9 ms", p -> c.open(p, ms(99.9)).show(2)),
                col("added p50 ms", p -> vsDirect(open, p, ms(50), DIFF).show(2)),
                col("added p99 ms", p -> vsDirect(open, p, ms(99), DIFF).show(2)),
                col("failed", p -> num(PathComparison.failed(open.get(p)), 0)),
                col("middle CPU-s per M samples", p -> c.open(p, CPU).show(3)),
                col("largest RSS MiB", p -> c.open(p, Run::maxRssMib).show(1)));
        noisy(open, ms(99), "p99");
        add(
                """
                Peak RSS (VmHWM) over the comparison: ours %s MiB, nginx %s MiB. The sink saw %,d requests, %,d with a \
                bearer token; the stand-in issued %d token(s). The proxy exited %s on SIGTERM.

                """,
                num(proxyPeakRssMib, 1),
                num(nginxPeakRssMib, 1),
                sinkRequests,
                sinkWithBearer,
                tokensIssued,
                proxyExit == Integer.MIN_VALUE ? "n/a" : Integer.toString(proxyExit));
    }

    private void memoryAndStartup() {
        if (!section("2. Startup and idle memory", startup != null)) {
            return;
        }
        add(
                "%d starts of a fresh proxy with the runtime as shipped (%s).\n\n",
                cfg.startupRuns(),
                cfg.imageDir() == null
                        ? "the host java's default CDS archive"
                        : "the image's own class-data or AOT archive, when it has one");
        record Measure(String name, List<Double> runs, int decimals) {}
        table(
                List.of(
                        new Measure("start to `/ready` 200, ms", startup.readyMillis(), 0),
                        new Measure("idle RSS 1 s after the first token, MiB", startup.idleRssMib(), 1),
                        new Measure(
                                "idle RSS " + BenchMain.SETTLE_SECONDS + " s after the first token, MiB",
                                startup.settledRssMib(),
                                1)),
                col("measure", Measure::name),
                col("median (min–max)", m -> Spread.of(m.runs()).show(m.decimals())),
                col(
                        "runs",
                        m -> m.runs().stream().map(d -> num(d, m.decimals())).toList()));
        add("\n%s", startup.note().isEmpty() ? "" : "Note: " + startup.note().replace("\n", " ") + "\n\n");
    }

    private void sustained() {
        if (!section("3. Sustained load through one proxy", sustained != null)) {
            return;
        }
        add(
                "%s samples/s (%s req/s) through a fresh proxy, %.0f s warm-up, then %d rounds of %.0f s; RSS sampled every second.\n\n",
                num(sustainedRate * cfg.samplesPerRequest(), 0),
                num(sustainedRate, 0),
                cfg.warmupSeconds(),
                sustained.size(),
                cfg.sustainSeconds());
        table(
                List.of(sustained),
                col("requests ok", s -> spread(s, r -> r.result().ok()).show(0)),
                col("failed", s -> num(PathComparison.failed(s), 0)),
                col("CPU-s per M samples", s -> spread(s, CPU).show(3)),
                col("share of one core", s -> spread(s, CORE_SHARE).show(2)),
                col("largest RSS MiB", s -> spread(s, Run::maxRssMib).show(1)),
                col("p50 ms", s -> spread(s, ms(50)).show(2)),
                col("p99 ms", s -> spread(s, ms(99)).show(2)),
                col("p99.9 ms", s -> spread(s, ms(99.9)).show(2)));
        add("\n");
    }

    /** Mean protobuf bytes of the payload a JMH benchmark's parameters name (version=V1 or V2). */
    private double rawBytes(BenchMain.Score s) {
        return payloads.stream()
                .filter(p -> s.params().contains("version=" + p.version().name()))
                .mapToDouble(Payloads::meanRawBytes)
                .reduce((a, b) -> b)
                .orElse(Double.NaN);
    }

    private void decoder() {
        if (!section("4. Decoder and webhook in process (JMH)", !jmh.isEmpty())) {
            return;
        }
        add("""
                One fork with the proxy image's flags file, 2 x 1 s warm-up, 3 x 1 s measured, one thread on the \
                generator's core; ops/s is the median (min–max) of the measured iterations. One op = one 2,000-sample \
                request; MB/s counts uncompressed protobuf bytes.

                """);
        Function<BenchMain.Score, Boolean> decoder = s -> s.benchmark().startsWith("DecoderBench");
        ToDoubleFunction<BenchMain.Score> ops = s -> s.opsPerSecond().median();
        table(
                jmh,
                col("benchmark", BenchMain.Score::benchmark),
                col("params", BenchMain.Score::params),
                col("ops/s", s -> s.opsPerSecond().show(0)),
                col("MB/s", s -> decoder.apply(s) ? num(ops.applyAsDouble(s) * rawBytes(s) / 1e6, 0) : ""),
                col("samples/s", s -> decoder.apply(s) ? num(ops.applyAsDouble(s) * cfg.samplesPerRequest(), 0) : ""));
        add("\n");
    }

    private void webhook() {
        if (!section("5. Webhook over TLS", !webhook.isEmpty())) {
            return;
        }
        add("""
                The real `/mutate` route (`MutateHandler` over `AdmissionService`, the webhook's test-jar fixtures) on \
                HTTPS in a forked JVM under `taskset -c %s` with `-XX:Flags=images/webhook.flags %s`, the ServiceAccount \
                lookup answered from memory as the informer cache would. No direct baseline here, so no round is flagged \
                noisy.

                """, cfg.proxyCpus(), cfg.webhookMaxRam());
        table(
                webhook,
                col("pod", w -> w.pod().equals("kps") ? "kube-prometheus-stack Prometheus" : "large (1,500 env vars)"),
                col("AdmissionReview bytes", w -> f("%,d", w.reviewBytes())),
                col("admissions/s", w -> w.rounds().closed(w.pod(), RPS).show(0)),
                col("fixed rate /s", w -> num(w.rounds().fixedRate, 0)),
                col("p50 ms", w -> w.rounds().open(w.pod(), ms(50)).show(2)),
                col("p99 ms", w -> w.rounds().open(w.pod(), ms(99)).show(2)),
                col("p99.9 ms", w -> w.rounds().open(w.pod(), ms(99.9)).show(2)),
                col("failed", w -> w.rounds().failed(w.pod())),
                col(
                        "webhook CPU-ms per admission",
                        w -> w.rounds().open(w.pod(), CPU_MS_PER_OK).show(3)));
        add("\n");
    }

    private void profile() {
        if (profile == null) {
            return;
        }
        add("""
                ## 6. Profile of the proxy under closed-loop load (JFR, %,d execution samples; NMT)

                A separate proxy run with `-XX:StartFlightRecording=settings=profile -XX:NativeMemoryTracking=summary`, \
                same load as the saturation rounds; only the samples taken under the measured load count (not the \
                start, the first token or the 2 s warm-up).

                """, profile.samples());
        list("Samples by what they were doing:", profile.categories());
        list("\nHottest leaf frames:", profile.topLeafFrames());
        list("\nSamples by the innermost frame in our own code (`io.azmonrw.*`):", profile.topOwnFrames());
        list("\nNative memory (committed, the JVM's summary at exit after the load):", profile.nativeMemory());
        add("\n");
    }

    private void list(String title, List<String> items) {
        md.append(title).append("\n\n");
        items.forEach(l -> md.append("- ").append(l).append('\n'));
    }
}
