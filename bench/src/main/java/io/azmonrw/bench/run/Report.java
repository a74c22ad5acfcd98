package io.azmonrw.bench.run;

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
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Collects one run's figures and renders BENCHMARKS.md: every figure the median of its rounds with their range. */
final class Report {

    private static final ToDoubleFunction<Run> RPS = r -> r.result().requestsPerSecond();
    private static final ToDoubleFunction<Run> P99 = r -> r.result().millis(99);

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

    private static String machine() {
        try {
            List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D", "");
            return f(
                    "%s, %d CPUs, %d GiB RAM, Linux %s (%s); bench JVM Java %s",
                    cpuinfo.stream()
                            .filter(l -> l.startsWith("model name"))
                            .findFirst()
                            .orElse("?")
                            .replaceFirst("^[^:]*:", "")
                            .trim(),
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
            return f(
                    "**the host's java (%s %s), not the image's runtime** (no unpacked proxy image: `make images` builds it; run.sh unpacks it as root unless "
                            + "BENCH_RUNTIME=host), with the image's flags "
                            + "file: `java %s ... -jar proxy/target/azmon-rw-proxy.jar`",
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    String.join(" ", cfg.hostJvm(BenchConfig.PROXY_FLAGS))
                            .replace(
                                    BenchConfig.PROXY_FLAGS.toAbsolutePath().toString(),
                                    BenchConfig.PROXY_FLAGS.toString()));
        }
        return f(
                "the image %s, run as the image runs: its Entrypoint `%s` with its Env, through `images/rootfs-run.sh` (chroot, read-only root, "
                        + "uid 65532), `JAVA_TOOL_OPTIONS=-XX:MaxRAM=%dm`; its java: %s",
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
                "# Benchmarks\n\nRewritten by `make bench` (bench/run.sh, module `bench/`); edit the code, not this file.\n\n");
        add(
                "- Date: %s\n- Command: `%s`\n- Machine: %s\n",
                started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), cfg.command(), machine());
        add(
                "- Proxy runtime measured: %s. `-XX:MaxRAM=%dm` stands in for the injected default memory limit (the cgroup this machine does not give).\n",
                runtime(), cfg.memoryLimitMib());
        add(
                "- Every figure: the median of %d rounds (alternating the paths round by round), with the range `(min–max)`. A round is **noisy** when "
                        + "the direct path's own figure in it moved more than %.0f%% from the median of the direct rounds: the machine, not the path under test, moved.\n\n",
                cfg.rounds(), cfg.noisyShare() * 100);
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
        row(
                name,
                num(g.limit, g.unit.equals("x") ? 1 : 0) + " " + g.unit,
                measured.show(g.decimals),
                Double.isNaN(measured.median()) ? "not measured" : g.met(measured) ? "yes" : "**no**");
    }

    private void goals() {
        add("## Goals (issue 18)\n\n");
        header("goal", "at most", "measured: median (min–max)", "met");
        Spread none = Spread.of();
        goal(
                Goals.SUSTAINED_RSS,
                sustained == null ? none : PathComparison.spread(sustained, Run::maxRssMib),
                f(
                        Goals.SUSTAINED_RSS.text,
                        num(
                                sustained == null
                                        ? cfg.sustainSamplesPerSecond()
                                        : sustainedRate * cfg.samplesPerRequest(),
                                0)));
        goal(Goals.IDLE_RSS, startup == null ? none : Spread.of(startup.idleRssMib()), Goals.IDLE_RSS.text);
        boolean arm = System.getProperty("os.arch").equals("aarch64");
        for (Goals g : List.of(Goals.READY_AMD64, Goals.READY_ARM64)) {
            if (arm == (g == Goals.READY_ARM64)) {
                goal(g, startup == null ? none : Spread.of(startup.readyMillis()), g.text);
            } else {
                row(
                        g.text,
                        num(g.limit, 0) + " ms",
                        "not measurable here: this machine is " + System.getProperty("os.arch")
                                + "; the other architecture's image runs here only under qemu's emulator, whose start time says nothing about the real one",
                        "n/a");
            }
        }
        goal(
                Goals.CPU_VS_NGINX,
                comparison == null
                        ? none
                        : PathComparison.paired(
                                comparison.open, "ours", "nginx", Run::cpuPerMillionSamples, (a, b) -> a / b),
                Goals.CPU_VS_NGINX.text);
        for (BenchMain.Webhook w : webhook) {
            Goals g = w.pod().equals("kps") ? Goals.WEBHOOK_KPS_P99 : Goals.WEBHOOK_LARGE_P99;
            goal(g, w.rounds().open(w.pod(), P99), g.text);
        }
        add("%n");
    }

    private void setup() {
        add("## Setup\n\n");
        for (Payloads p : payloads) {
            add(
                    "- Remote write %s bodies: %,d samples per request, one sample per series, over a stable set of %,d series with 10 to 15 labels "
                            + "(kube-prometheus-stack shapes); mean %,d bytes protobuf, %,d bytes snappy.\n",
                    p.version() == Payloads.Version.V1 ? "1.0" : "2.0",
                    p.workload().itemsPerRequest(),
                    cfg.series(),
                    p.meanRawBytes(),
                    p.workload().meanBytes());
        }
        add(
                "- Paths: direct = generator -> sink (HTTPS); ours = generator -> proxy (HTTP, loopback) -> sink (HTTPS, bearer token "
                        + "from the local Entra stand-in, cached); nginx = generator -> nginx (HTTP) -> sink (HTTPS, fixed Authorization header, keep-alive upstream). "
                        + "The sink answers 204 over HTTP/1.1 only, so both middle processes use pooled HTTP/1.1 upstream connections.\n");
        add(
                "- Pinning: the generator, sink and token stand-in share one JVM pinned with `taskset -c 0`; the process under test "
                        + "(our proxy, or nginx with one process, `master_process off`) runs under `taskset -c %s`.\n",
                cfg.proxyCpus());
        add(
                "- Closed loop: %d requests outstanding, %.0f s warm-up then %.0f s measured per round. Open loop: a fixed rate, half the slowest path's "
                        + "median saturation, %.0f s measured per round after warm-up, latency from each request's due time (HdrHistogram, corrected for "
                        + "coordinated omission). Added latency = the path's percentile minus the direct path's in the same round.\n\n",
                cfg.concurrency(), cfg.warmupSeconds() / 2, cfg.closedSeconds(), cfg.openSeconds());
    }

    private String noisy(Map<String, List<Run>> runs, ToDoubleFunction<Run> metric, String what) {
        List<Integer> n = comparison.noisy(runs, metric);
        return f(
                "Noisy rounds (direct %s more than %.0f%% from its median): %s.%n%n",
                what, cfg.noisyShare() * 100, n.isEmpty() ? "none" : n);
    }

    private void paths() {
        add("## 1. Three paths\n\n");
        if (comparison == null) {
            add("Not run.\n\n");
            return;
        }
        add("Saturation (closed loop):\n\n");
        header(
                "path",
                "req/s",
                "samples/s",
                "p50 ms",
                "p99 ms",
                "failed",
                "middle CPU-s per M samples",
                "saturation vs direct");
        for (String path : comparison.closed.keySet()) {
            row(
                    path,
                    comparison.closed(path, RPS).show(0),
                    comparison.closed(path, r -> r.result().samplesPerSecond()).show(0),
                    comparison.closed(path, r -> r.result().millis(50)).show(2),
                    comparison.closed(path, P99).show(2),
                    num(
                            comparison.closed.get(path).stream()
                                    .mapToLong(r -> r.result().failed())
                                    .sum(),
                            0),
                    comparison.closed(path, Run::cpuPerMillionSamples).show(3),
                    PathComparison.paired(comparison.closed, path, "direct", RPS, (a, b) -> a / b)
                            .show(2));
        }
        add("%n%s", noisy(comparison.closed, RPS, "req/s"));
        add(
                "Fixed rate %s req/s (%s samples/s), open loop:%n%n",
                num(comparison.fixedRateRequestsPerSecond(), 0),
                num(comparison.fixedRateRequestsPerSecond() * cfg.samplesPerRequest(), 0));
        header(
                "path",
                "p50 ms",
                "p99 ms",
                "p99.9 ms",
                "added p50 ms",
                "added p99 ms",
                "failed",
                "middle CPU-s per M samples",
                "largest RSS MiB");
        for (String path : comparison.open.keySet()) {
            row(
                    path,
                    comparison.open(path, r -> r.result().millis(50)).show(2),
                    comparison.open(path, P99).show(2),
                    comparison.open(path, r -> r.result().millis(99.9)).show(2),
                    PathComparison.paired(
                                    comparison.open,
                                    path,
                                    "direct",
                                    r -> r.result().millis(50),
                                    (a, b) -> a - b)
                            .show(2),
                    PathComparison.paired(comparison.open, path, "direct", P99, (a, b) -> a - b)
                            .show(2),
                    num(
                            comparison.open.get(path).stream()
                                    .mapToLong(r -> r.result().failed())
                                    .sum(),
                            0),
                    comparison.open(path, Run::cpuPerMillionSamples).show(3),
                    comparison.open(path, Run::maxRssMib).show(1));
        }
        add("%n%s", noisy(comparison.open, P99, "p99"));
        add(
                "Peak RSS (VmHWM) over the comparison: ours %s MiB, nginx %s MiB. The sink saw %,d requests, %,d with a bearer token; the stand-in "
                        + "issued %d token(s). The proxy exited %s on SIGTERM.%n%n",
                num(proxyPeakRssMib, 1),
                num(nginxPeakRssMib, 1),
                sinkRequests,
                sinkWithBearer,
                tokensIssued,
                proxyExit == Integer.MIN_VALUE ? "n/a" : Integer.toString(proxyExit));
    }

    private void memoryAndStartup() {
        add("## 2. Startup and idle memory\n\n");
        if (startup == null) {
            add("Not run.\n\n");
            return;
        }
        add(
                "%d starts of a fresh proxy with the runtime as shipped (%s).%n%n",
                cfg.startupRuns(),
                cfg.imageDir() == null
                        ? "the host java's default CDS archive"
                        : "the image's own class-data or AOT archive, when it has one");
        header("measure", "median (min–max)", "runs");
        row(
                "start to `/ready` 200, ms",
                Spread.of(startup.readyMillis()).show(0),
                startup.readyMillis().stream().map(d -> num(d, 0)).toList());
        row(
                "idle RSS after the first token, MiB",
                Spread.of(startup.idleRssMib()).show(1),
                startup.idleRssMib().stream().map(d -> num(d, 1)).toList());
        add("%n%s", startup.note().isEmpty() ? "" : "Note: " + startup.note().replace("\n", " ") + "\n\n");
    }

    private void sustained() {
        add("## 3. Sustained load through one proxy\n\n");
        if (sustained == null) {
            add("Not run.\n\n");
            return;
        }
        add(
                "%s samples/s (%s req/s) through a fresh proxy, %.0f s warm-up, then %d rounds of %.0f s; RSS sampled every second.%n%n",
                num(sustainedRate * cfg.samplesPerRequest(), 0),
                num(sustainedRate, 0),
                cfg.warmupSeconds(),
                sustained.size(),
                cfg.sustainSeconds());
        header(
                "requests ok",
                "failed",
                "CPU-s per M samples",
                "share of one core",
                "largest RSS MiB",
                "p50 ms",
                "p99 ms",
                "p99.9 ms");
        ToDoubleFunction<Run> ok = r -> r.result().ok();
        row(
                PathComparison.spread(sustained, ok).show(0),
                num(sustained.stream().mapToLong(r -> r.result().failed()).sum(), 0),
                PathComparison.spread(sustained, Run::cpuPerMillionSamples).show(3),
                PathComparison.spread(
                                sustained, r -> r.cpuSeconds() / r.result().seconds())
                        .show(2),
                PathComparison.spread(sustained, Run::maxRssMib).show(1),
                PathComparison.spread(sustained, r -> r.result().millis(50)).show(2),
                PathComparison.spread(sustained, P99).show(2),
                PathComparison.spread(sustained, r -> r.result().millis(99.9)).show(2));
        add("%n");
    }

    private void decoder() {
        add("## 4. Decoder and webhook in process (JMH)\n\n");
        if (jmh.isEmpty()) {
            add("Not run.\n\n");
            return;
        }
        add(
                "One fork with the proxy image's flags file, 2 x 1 s warm-up, 3 x 1 s measured, one thread on the generator's core; ops/s is the median "
                        + "(min–max) of the measured iterations. One op = one 2,000-sample request; MB/s counts uncompressed protobuf bytes.\n\n");
        header("benchmark", "params", "ops/s", "MB/s", "samples/s");
        for (BenchMain.Score s : jmh) {
            double raw = payloads.stream()
                    .filter(p -> s.params().contains("version=" + p.version().name()))
                    .mapToDouble(Payloads::meanRawBytes)
                    .reduce((a, b) -> b)
                    .orElse(Double.NaN);
            boolean decoder = s.benchmark().startsWith("DecoderBench");
            double ops = s.opsPerSecond().median();
            row(
                    s.benchmark(),
                    s.params(),
                    s.opsPerSecond().show(0),
                    decoder ? num(ops * raw / 1e6, 0) : "",
                    decoder ? num(ops * cfg.samplesPerRequest(), 0) : "");
        }
        add("\n");
    }

    private void webhook() {
        add("## 5. Webhook over TLS\n\n");
        if (webhook.isEmpty()) {
            add("Not run.\n\n");
            return;
        }
        add(
                "The real `/mutate` route (`MutateHandler` over `AdmissionService`, the webhook's test-jar fixtures) on HTTPS in a forked JVM under "
                        + "`taskset -c %s` with `-XX:Flags=images/webhook.flags %s`, the ServiceAccount lookup answered from memory as the informer cache would. "
                        + "No direct baseline here, so no round is flagged noisy.%n%n",
                cfg.proxyCpus(), BenchConfig.WEBHOOK_MAX_RAM);
        header(
                "pod",
                "AdmissionReview bytes",
                "admissions/s",
                "fixed rate /s",
                "p50 ms",
                "p99 ms",
                "p99.9 ms",
                "failed",
                "webhook CPU-ms per admission");
        for (BenchMain.Webhook w : webhook) {
            PathComparison c = w.rounds();
            long failed = c.closed.get(w.pod()).stream()
                            .mapToLong(r -> r.result().failed())
                            .sum()
                    + c.open.get(w.pod()).stream()
                            .mapToLong(r -> r.result().failed())
                            .sum();
            row(
                    w.pod().equals("kps") ? "kube-prometheus-stack Prometheus" : "large (1,500 env vars)",
                    f("%,d", w.reviewBytes()),
                    c.closed(w.pod(), RPS).show(0),
                    num(c.fixedRateRequestsPerSecond(), 0),
                    c.open(w.pod(), r -> r.result().millis(50)).show(2),
                    c.open(w.pod(), P99).show(2),
                    c.open(w.pod(), r -> r.result().millis(99.9)).show(2),
                    failed,
                    c.open(
                                    w.pod(),
                                    r -> r.cpuSeconds()
                                            * 1000
                                            / Math.max(1, r.result().ok()))
                            .show(3));
        }
        add("\n");
    }

    private void profile() {
        if (profile == null) {
            return;
        }
        add(
                "## 6. Profile of the proxy under closed-loop load (JFR, %,d execution samples; NMT)%n%n",
                profile.samples());
        add(
                "A separate proxy run with `-XX:StartFlightRecording=settings=profile -XX:NativeMemoryTracking=summary`, same load as the saturation rounds.\n\n");
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
