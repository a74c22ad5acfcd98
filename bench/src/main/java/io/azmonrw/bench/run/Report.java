package io.azmonrw.bench.run;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.load.LoadResult;
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
import java.util.stream.Collectors;

/** Collects one run's figures and renders BENCHMARKS.md. */
final class Report {

  private final BenchConfig cfg;
  private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
  private final StringBuilder md = new StringBuilder();
  final List<String> problems = new ArrayList<>();
  List<Payloads> payloads = List.of();
  StartupBench.Variant startupDefault;
  StartupBench.Variant startupAppCds;
  double proxyIdleRssMib = Double.NaN;
  double proxyPeakRssMib = Double.NaN;
  double nginxPeakRssMib = Double.NaN;
  int proxyExit = Integer.MIN_VALUE;
  PathComparison comparison;
  Run oursV2;
  PathComparison.Sustained sustained;
  PathComparison.Sustained sustainedTuned;
  List<MicroBench.Score> jmh = List.of();
  Profile.Result profile;
  List<WebhookPhase.Result> webhook = List.of();
  long tokensIssued;
  long sinkRequests;
  long sinkWithBearer;

  Report(BenchConfig cfg) {
    this.cfg = cfg;
  }

  private static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }

  private static String num(double v, int decimals) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : f("%,." + decimals + "f", v);
  }

  private void add(String fmt, Object... args) {
    md.append(f(fmt, args));
  }

  /** One markdown table row. */
  private void row(Object... cells) {
    md.append(Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |\n")));
  }

  private static String proc(String file, String prefix) throws IOException {
    return Files.readAllLines(Path.of("/proc", file)).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
  }

  private static String machine() {
    String cpu = "?";
    String mem = "?";
    long cpus = 0;
    try {
      cpu = proc("cpuinfo", "model name").replaceFirst("^[^:]*:", "").trim();
      mem = Long.parseLong(proc("meminfo", "MemTotal").replaceAll("\\D", "")) / 1024 / 1024 + " GiB";
      cpus = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
    } catch (IOException | RuntimeException e) {
      // leave the question marks
    }
    return f("%s, %d CPUs, %s RAM, Linux %s, Java %s (%s)", cpu, cpus, mem,
        System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
  }

  String render() {
    md.setLength(0);
    add("# Benchmarks\n\nRewritten by `make bench` (bench/run.sh, module `bench/`); edit the code, not this file.\n\n");
    add("- Date: %s\n- Command: `%s`\n- Machine: %s\n", started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), cfg.command(), machine());
    add("- **Caveat:** the figures come from one run on a small machine that other builds were sharing at the time. "
        + "Read them as ratios between paths measured side by side in the same run, not as absolute capacity.\n\n");
    headline();
    setup();
    paths();
    memoryAndStartup();
    sustained();
    decoder();
    webhook();
    goals();
    profile();
    if (!problems.isEmpty()) {
      add("## Problems seen in this run\n\n");
      problems.forEach(p -> add("- %s\n", p.replace("\n", " ")));
      add("\n");
    }
    return md.toString();
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  private boolean has(String path) {
    return comparison != null && comparison.open(path) != null;
  }

  private double added(String path, double pct) {
    return comparison.open(path).result().millis(pct) - comparison.open("direct").result().millis(pct);
  }

  private void headline() {
    add("## Headline\n\n");
    if (comparison == null) {
      add("The three-path comparison did not run (see Problems).\n\n");
      return;
    }
    double ours = comparison.best("ours").result().samplesPerSecond();
    for (String other : has("nginx") ? List.of("direct", "nginx") : List.of("direct")) {
      double o = comparison.best(other).result().samplesPerSecond();
      add("- Saturation, ours/%s: **%s** (%s vs %s samples/s)\n", other, num(ratio(ours, o), 2), num(ours, 0), num(o, 0));
    }
    if (has("nginx")) {
      double o = comparison.open("ours").cpuPerMillionSamples();
      double n = comparison.open("nginx").cpuPerMillionSamples();
      add("- CPU per million samples at the fixed rate, ours/nginx: **%s** (%s vs %s CPU-s)\n", num(ratio(o, n), 2), num(o, 3), num(n, 3));
    }
    add("- Added p99 latency at %s req/s, ours: **%s ms**%s\n\n", num(comparison.fixedRateRequestsPerSecond(), 0),
        num(added("ours", 99), 2), has("nginx") ? f(" (nginx: %s ms)", num(added("nginx", 99), 2)) : "");
  }

  private void setup() {
    add("## Setup\n\n");
    for (Payloads p : payloads) {
      add("- Remote write %s bodies: %,d samples per request, one sample per series, over a stable set of %,d series with 10 to 15 labels "
          + "(kube-prometheus-stack shapes); mean %,d bytes protobuf, %,d bytes snappy.\n", p.version() == Payloads.Version.V1 ? "1.0" : "2.0",
          p.workload().itemsPerRequest(), cfg.series(), p.meanRawBytes(), p.workload().meanBytes());
    }
    add("- Paths: direct = generator -> sink (HTTPS); ours = generator -> proxy (HTTP, loopback) -> sink (HTTPS, bearer token "
        + "from the local Entra stand-in, cached); nginx = generator -> nginx (HTTP) -> sink (HTTPS, fixed Authorization header, keep-alive upstream). "
        + "The sink answers 204 over HTTP/1.1 only, so both middle processes use pooled HTTP/1.1 upstream connections.\n");
    add("- Pinning: the generator, sink and token stand-in share one JVM pinned with `taskset -c 0`; the process under test "
        + "(our proxy, or nginx with one process, `master_process off`) runs under `taskset -c %s`. Each path gets one core for its middle process.\n", cfg.proxyCpus());
    add("- Proxy JVM options (the image's): `%s`. `-XX:MaxRAM=256m` stands in for the container memory limit this machine lacks.\n", cfg.jvmOptions());
    add("- Closed loop: %d requests outstanding, %.0f s warm-up then %.0f s measured, %d rounds alternating direct, ours, nginx; the best round counts. "
        + "Open loop: fixed rate, %.0f s measured after warm-up, latency from each request's due time (HdrHistogram, corrected for coordinated omission). "
        + "Added latency = the path's percentile minus the direct path's.\n\n", cfg.concurrency(), cfg.warmupSeconds() / 2, cfg.closedSeconds(), cfg.rounds(),
        cfg.openSeconds());
  }

  private void closedRow(String path, int round, Run r) {
    LoadResult l = r.result();
    row(path, round, num(l.requestsPerSecond(), 0), num(l.samplesPerSecond(), 0), num(l.millis(50), 2), num(l.millis(99), 2), l.failed(),
        num(r.cpuPerMillionSamples(), 3));
  }

  private void paths() {
    add("## 1. Three paths\n\n");
    if (comparison == null) {
      add("Not run.\n\n");
      return;
    }
    add("Saturation (closed loop, remote write 1.0):\n\n| path | round | req/s | samples/s | p50 ms | p99 ms | failed | middle CPU-s per M samples |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    List<String> names = List.of("direct", "ours", "nginx").stream().filter(this::has).toList();
    for (String path : names) {
      for (int i = 0; i < comparison.rounds(path).size(); i++) {
        closedRow(path, i + 1, comparison.rounds(path).get(i));
      }
    }
    if (oursV2 != null) {
      closedRow("ours, RW 2.0", 1, oursV2);
    }
    add("%nFixed rate %s req/s (%s samples/s, half the slowest path's saturation), open loop:%n%n", num(comparison.fixedRateRequestsPerSecond(), 0),
        num(comparison.fixedRateRequestsPerSecond() * cfg.samplesPerRequest(), 0));
    add("| path | p50 ms | p99 ms | p99.9 ms | added p50 ms | added p99 ms | added p99.9 ms | failed | middle CPU-s per M samples |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    for (String path : names) {
      LoadResult l = comparison.open(path).result();
      row(path, num(l.millis(50), 2), num(l.millis(99), 2), num(l.millis(99.9), 2), num(added(path, 50), 2), num(added(path, 99), 2),
          num(added(path, 99.9), 2), l.failed(), num(comparison.open(path).cpuPerMillionSamples(), 3));
    }
    add("%nPeak RSS (VmHWM): ours %s MiB, nginx %s MiB. The sink saw %,d requests, %,d with a bearer token; the stand-in issued %d token(s).%n%n",
        num(proxyPeakRssMib, 1), num(nginxPeakRssMib, 1), sinkRequests, sinkWithBearer, tokensIssued);
  }

  private void memoryAndStartup() {
    add("## 2. Memory and startup\n\n");
    add("- Proxy RSS idle (after start and first token): %s MiB; largest RSS under the sustained load: %s MiB; peak (VmHWM) over the whole run: %s MiB.\n",
        num(proxyIdleRssMib, 1), sustained == null ? "n/a" : num(sustained.maxRssMib(), 1), num(proxyPeakRssMib, 1));
    for (StartupBench.Variant v : Arrays.asList(startupDefault, startupAppCds)) {
      if (v != null) {
        add("- Start to `/ready` 200, %s: median %s ms (runs: %s), idle RSS median %s MiB%s\n", v.name(), num(v.medianReadyMillis(), 0),
            v.readyMillis().stream().map(d -> num(d, 0)).toList(), num(v.medianIdleRssMib(), 1), v.note().isEmpty() ? "" : "; " + v.note());
      }
    }
    add("\nAppCDS: a training run with `-XX:DumpLoadedClassList` (start, first token, 3 s of writes, SIGTERM), then `-Xshare:dump "
        + "-XX:SharedClassListFile` writes a static archive, as an image build could; the measured runs add `-XX:SharedArchiveFile`. "
        + "(JDK 17.0.15's dynamic archive, `-XX:ArchiveClassesAtExit`, and a static dump including lambda proxies crashed in "
        + "`SystemDictionaryShared::adjust_lambda_proxy_class_dictionary` on this proxy, so `@lambda-` lines are left out of the class list.)\n\n");
  }

  private void sustained() {
    add("## 3. Sustained load through one proxy\n\n");
    if (sustained == null) {
      add("Not run.\n\n");
      return;
    }
    LoadResult l = sustained.run().result();
    add("%s samples/s (%s req/s) for %.0f s (a shorter window than 5 minutes keeps `make bench` under 20 minutes; set "
        + "BENCH_SUSTAIN_SECONDS=300 for the full run): %,d requests ok, **%,d failed**; proxy CPU %s CPU-s per million samples "
        + "(%s%% of one core); largest RSS %s MiB; latency p50 %s ms, p99 %s ms, p99.9 %s ms.\n\n",
        num(sustained.rate() * cfg.samplesPerRequest(), 0), num(sustained.rate(), 0), l.seconds(), l.ok(), l.failed(),
        num(sustained.run().cpuPerMillionSamples(), 3), num(sustained.cpuCoreShare() * 100, 0), num(sustained.maxRssMib(), 1),
        num(l.millis(50), 2), num(l.millis(99), 2), num(l.millis(99.9), 2));
    if (sustainedTuned != null) {
      LoadResult t = sustainedTuned.run().result();
      add("Same rate for %.0f s through a fresh proxy with leaner JVM options, a candidate for the image: `%s` and `MALLOC_ARENA_MAX=2`: "
          + "%,d ok, %,d failed; %s CPU-s per million samples; largest RSS **%s MiB**; p50 %s ms, p99 %s ms.\n\n",
          t.seconds(), cfg.tunedJvmOptions(), t.ok(), t.failed(), num(sustainedTuned.run().cpuPerMillionSamples(), 3),
          num(sustainedTuned.maxRssMib(), 1), num(t.millis(50), 2), num(t.millis(99), 2));
    }
  }

  private void decoder() {
    add("## 4. Decoder and webhook (JMH)\n\n");
    if (jmh.isEmpty()) {
      add("Not run.\n\n");
      return;
    }
    add("One fork, 3 x 1 s warm-up, 5 x 1 s measured, one thread on the generator's core. One op = one 2,000-sample request; "
        + "MB/s counts uncompressed protobuf bytes.\n\n| benchmark | params | ops/s | ± | MB/s | samples/s |\n|---|---|---|---|---|---|\n");
    for (MicroBench.Score s : jmh) {
      double raw = payloads.stream().filter(p -> s.params().contains("version=" + p.version().name())).mapToDouble(Payloads::meanRawBytes)
          .reduce((a, b) -> b).orElse(Double.NaN);
      boolean decoder = s.benchmark().startsWith("DecoderBench");
      row(s.benchmark(), s.params(), num(s.opsPerSecond(), 0), num(s.error(), 0), decoder ? num(s.opsPerSecond() * raw / 1e6, 0) : "",
          decoder ? num(s.opsPerSecond() * cfg.samplesPerRequest(), 0) : "");
    }
    add("\n");
  }

  private double jmhScore(String bench, String params) {
    return jmh.stream().filter(s -> s.benchmark().equals(bench) && s.params().equals(params)).mapToDouble(MicroBench.Score::opsPerSecond)
        .findFirst().orElse(Double.NaN);
  }

  private void webhook() {
    add("## 5. Webhook\n\n");
    if (webhook.isEmpty()) {
      add("Not run.\n\n");
    } else {
      add("The webhook's real `/mutate` route (MutateHandler, AdmissionService, PodMutator, JSON diff) over HTTPS in a forked JVM with the "
          + "image's JVM options, pinned like the proxy; the ServiceAccount lookup answers from memory as the informer cache would. "
          + "Saturation: closed loop; latency: open loop at half of it, corrected for coordinated omission.\n\n"
          + "| pod | AdmissionReview bytes | admissions/s | fixed rate /s | p50 ms | p99 ms | p99.9 ms | failed | webhook CPU-ms per admission |\n"
          + "|---|---|---|---|---|---|---|---|---|\n");
      for (WebhookPhase.Result w : webhook) {
        LoadResult l = w.fixed().result();
        row(w.pod().equals("kps") ? "kube-prometheus-stack Prometheus" : "large (1,500 env vars)", f("%,d", w.reviewBytes()),
            num(w.saturation().result().requestsPerSecond(), 0), num(w.rate(), 0), num(l.millis(50), 2), num(l.millis(99), 2),
            num(l.millis(99.9), 2), l.failed() + w.saturation().result().failed(), num(w.fixed().cpuSeconds() * 1000 / Math.max(1, l.ok()), 3));
      }
      add("\n");
    }
    add("JMH `WebhookBench.review` (section 4's table) is the same mutation + patch path in process, without HTTP and TLS.\n\n");
  }

  private void goal(String goal, String measured, boolean met) {
    row(goal, measured, met ? "yes" : "**no**");
  }

  private void goals() {
    add("## Goals (closing note)\n\n| goal | measured | met |\n|---|---|---|\n");
    if (has("nginx")) {
      double r = ratio(comparison.open("ours").cpuPerMillionSamples(), comparison.open("nginx").cpuPerMillionSamples());
      goal("proxy CPU per sample <= 2x nginx", num(r, 2) + "x", r <= 2);
    }
    if (comparison != null) {
      double a = added("ours", 99);
      goal("added p99 <= 2 ms at the fixed rate", num(a, 2) + " ms", a <= 2);
    }
    if (sustained != null) {
      goal("RSS <= 128 MiB at the sustained load", num(sustained.maxRssMib(), 1) + " MiB with the image's options"
          + (sustainedTuned == null ? "" : ", " + num(sustainedTuned.maxRssMib(), 1) + " MiB with the leaner ones"), sustained.maxRssMib() <= 128);
    }
    if (startupDefault != null) {
      double best = startupAppCds == null ? startupDefault.medianReadyMillis()
          : Math.min(startupDefault.medianReadyMillis(), startupAppCds.medianReadyMillis());
      goal("/ready within 2 s of start", num(startupDefault.medianReadyMillis(), 0) + " ms"
          + (startupAppCds == null ? "" : ", " + num(startupAppCds.medianReadyMillis(), 0) + " ms with AppCDS"), best <= 2000);
    }
    for (String v : List.of("V1", "V2")) {
      double d = jmhScore("DecoderBench.decode", "version=" + v);
      double floor = jmhScore("DecoderBench.snappyOnly", "version=" + v);
      if (!Double.isNaN(d) && !Double.isNaN(floor)) {
        goal("decoder >= half the decompression floor (" + v + ")", num(d / floor * 100, 0) + "% of the floor", d >= floor / 2);
      }
    }
    for (WebhookPhase.Result w : webhook) {
      double p99 = w.fixed().result().millis(99);
      double limit = w.pod().equals("kps") ? 5 : 50;
      goal(f("webhook p99 <= %.0f ms (%s pod)", limit, w.pod()), num(p99, 2) + " ms", p99 <= limit);
    }
    if (webhook.isEmpty()) {
      add("| webhook p99 <= 5 ms realistic / 50 ms large | not measured | n/a |\n");
    }
    add("\n");
  }

  private void profile() {
    if (profile == null) {
      return;
    }
    add("## Profile of the proxy under closed-loop load (JFR, %,d execution samples; NMT)%n%n", profile.samples());
    add("A separate proxy run with `-XX:StartFlightRecording=settings=profile -XX:NativeMemoryTracking=summary`, same load as the saturation runs.\n\n");
    list("Samples by what they were doing:", profile.categories());
    list("\nHottest leaf frames:", profile.topLeafFrames());
    list("\nSamples by the innermost frame in our own code (`io.azmonrw.*`):", profile.topOwnFrames());
    list("\nNative memory (committed, `jcmd VM.native_memory summary`, after the load):", profile.nativeMemory());
    add("\n");
  }

  private void list(String title, List<String> items) {
    md.append(title).append("\n\n");
    items.forEach(l -> md.append("- ").append(l).append('\n'));
  }
}
