package io.azmonrw.bench.run;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.load.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects one run's figures and renders BENCHMARKS.md. */
final class Report {

  private final BenchConfig cfg;
  private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
  final List<String> problems = new ArrayList<>();
  List<Payloads> payloads = List.of();
  StartupBench.Variant startupDefault;
  StartupBench.Variant startupAppCds;
  double proxyIdleRssMib = Double.NaN;
  double proxyPeakRssMib = Double.NaN;
  double nginxPeakRssMib = Double.NaN;
  int proxyExit = Integer.MIN_VALUE;
  PathComparison comparison;
  PathRun oursV2;
  Sustained.Result sustained;
  Sustained.Result sustainedTuned;
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

  private static String machine() {
    String cpu = "?";
    String mem = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
      mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
    } catch (IOException | RuntimeException e) {
      // leave the question marks
    }
    long cpus = 0;
    try {
      cpus = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
    } catch (IOException e) {
      // leave 0
    }
    return f("%s, %d CPUs, %s RAM, Linux %s, Java %s (%s)", cpu, cpus, mem,
        System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Rewritten by `make bench` (bench/run.sh, module `bench/`); edit the code, not this file.\n\n");
    md.append(f("- Date: %s\n", started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
    md.append(f("- Command: `%s`\n", cfg.command()));
    md.append(f("- Machine: %s\n", machine()));
    md.append("- **Caveat:** the figures come from one run on a small machine that other builds were sharing at the time. "
        + "Read them as ratios between paths measured side by side in the same run, not as absolute capacity.\n\n");
    headline(md);
    setup(md);
    paths(md);
    memoryAndStartup(md);
    sustained(md);
    decoder(md);
    webhook(md);
    goals(md);
    profile(md);
    if (!problems.isEmpty()) {
      md.append("## Problems seen in this run\n\n");
      for (String p : problems) {
        md.append("- ").append(p.replace("\n", " ")).append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  private double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  private void headline(StringBuilder md) {
    md.append("## Headline\n\n");
    if (comparison == null) {
      md.append("The three-path comparison did not run (see Problems).\n\n");
      return;
    }
    PathRun ours = comparison.best("ours");
    PathRun direct = comparison.best("direct");
    md.append(f("- Saturation, ours/direct: **%s** (%s vs %s samples/s)\n", num(ratio(ours.result().samplesPerSecond(), direct.result().samplesPerSecond()), 2),
        num(ours.result().samplesPerSecond(), 0), num(direct.result().samplesPerSecond(), 0)));
    if (has("nginx")) {
      PathRun nginx = comparison.best("nginx");
      md.append(f("- Saturation, ours/nginx: **%s** (%s vs %s samples/s)\n", num(ratio(ours.result().samplesPerSecond(), nginx.result().samplesPerSecond()), 2),
          num(ours.result().samplesPerSecond(), 0), num(nginx.result().samplesPerSecond(), 0)));
      md.append(f("- CPU per million samples at the fixed rate, ours/nginx: **%s** (%s vs %s CPU-s)\n",
          num(ratio(comparison.open("ours").cpuPerMillionSamples(), comparison.open("nginx").cpuPerMillionSamples()), 2),
          num(comparison.open("ours").cpuPerMillionSamples(), 3), num(comparison.open("nginx").cpuPerMillionSamples(), 3)));
    }
    md.append(f("- Added p99 latency at %s req/s, ours: **%s ms**%s\n\n", num(comparison.fixedRateRequestsPerSecond(), 0),
        num(added("ours", 99), 2), has("nginx") ? f(" (nginx: %s ms)", num(added("nginx", 99), 2)) : ""));
  }

  private boolean has(String path) {
    return comparison != null && comparison.open(path) != null;
  }

  private double added(String path, double pct) {
    return comparison.open(path).result().millis(pct) - comparison.open("direct").result().millis(pct);
  }

  private void setup(StringBuilder md) {
    md.append("## Setup\n\n");
    for (Payloads p : payloads) {
      md.append(f("- Remote write %s bodies: %,d samples per request, one sample per series, over a stable set of %,d series with 10 to 15 labels "
          + "(kube-prometheus-stack shapes); mean %,d bytes protobuf, %,d bytes snappy.\n",
          p.version() == Payloads.Version.V1 ? "1.0" : "2.0", p.workload().itemsPerRequest(), cfg.series(),
          p.meanRawBytes(), p.workload().meanBytes()));
    }
    md.append(f("- Paths: direct = generator -> sink (HTTPS); ours = generator -> proxy (HTTP, loopback) -> sink (HTTPS, bearer token "
        + "from the local Entra stand-in, cached); nginx = generator -> nginx (HTTP) -> sink (HTTPS, fixed Authorization header, keep-alive upstream). "
        + "The sink answers 204 over HTTP/1.1 only, so both middle processes use pooled HTTP/1.1 upstream connections.\n"));
    md.append(f("- Pinning: the generator, sink and token stand-in share one JVM pinned with `taskset -c 0`; the process under test "
        + "(our proxy, or nginx with one process, `master_process off`) runs under `taskset -c %s`. Each path gets one core for its middle process.\n", cfg.proxyCpus()));
    md.append(f("- Proxy JVM options (the image's): `%s`. `-XX:MaxRAM=256m` stands in for the container memory limit this machine lacks.\n", cfg.jvmOptions()));
    md.append(f("- Closed loop: %d requests outstanding, %.0f s warm-up then %.0f s measured, %d rounds alternating direct, ours, nginx; the best round counts. "
        + "Open loop: fixed rate, %.0f s measured after warm-up, latency from each request's due time (HdrHistogram, corrected for coordinated omission). "
        + "Added latency = the path's percentile minus the direct path's.\n\n", cfg.concurrency(), cfg.warmupSeconds() / 2, cfg.closedSeconds(), cfg.rounds(), cfg.openSeconds()));
  }

  private void paths(StringBuilder md) {
    md.append("## 1. Three paths\n\n");
    if (comparison == null) {
      md.append("Not run.\n\n");
      return;
    }
    md.append("Saturation (closed loop, remote write 1.0):\n\n| path | round | req/s | samples/s | p50 ms | p99 ms | failed | middle CPU-s per M samples |\n|---|---|---|---|---|---|---|---|\n");
    for (String path : List.of("direct", "ours", "nginx")) {
      if (!has(path)) {
        continue;
      }
      int i = 1;
      for (PathRun r : comparison.rounds(path)) {
        LoadResult l = r.result();
        md.append(f("| %s | %d | %s | %s | %s | %s | %d | %s |\n", path, i++, num(l.requestsPerSecond(), 0), num(l.samplesPerSecond(), 0),
            num(l.millis(50), 2), num(l.millis(99), 2), l.failed(), num(r.cpuPerMillionSamples(), 3)));
      }
    }
    if (oursV2 != null) {
      LoadResult l = oursV2.result();
      md.append(f("| ours, RW 2.0 | 1 | %s | %s | %s | %s | %d | %s |\n", num(l.requestsPerSecond(), 0), num(l.samplesPerSecond(), 0),
          num(l.millis(50), 2), num(l.millis(99), 2), l.failed(), num(oursV2.cpuPerMillionSamples(), 3)));
    }
    md.append(f("%nFixed rate %s req/s (%s samples/s, half the slowest path's saturation), open loop:%n%n",
        num(comparison.fixedRateRequestsPerSecond(), 0), num(comparison.fixedRateRequestsPerSecond() * cfg.samplesPerRequest(), 0)));
    md.append("| path | p50 ms | p99 ms | p99.9 ms | added p50 ms | added p99 ms | added p99.9 ms | failed | middle CPU-s per M samples |\n|---|---|---|---|---|---|---|---|---|\n");
    for (String path : List.of("direct", "ours", "nginx")) {
      if (!has(path)) {
        continue;
      }
      PathRun r = comparison.open(path);
      LoadResult l = r.result();
      md.append(f("| %s | %s | %s | %s | %s | %s | %s | %d | %s |\n", path, num(l.millis(50), 2), num(l.millis(99), 2), num(l.millis(99.9), 2),
          num(added(path, 50), 2), num(added(path, 99), 2), num(added(path, 99.9), 2), l.failed(), num(r.cpuPerMillionSamples(), 3)));
    }
    md.append(f("%nPeak RSS (VmHWM): ours %s MiB, nginx %s MiB. The sink saw %,d requests, %,d with a bearer token; the stand-in issued %d token(s).%n%n",
        num(proxyPeakRssMib, 1), num(nginxPeakRssMib, 1), sinkRequests, sinkWithBearer, tokensIssued));
  }

  private void memoryAndStartup(StringBuilder md) {
    md.append("## 2. Memory and startup\n\n");
    md.append(f("- Proxy RSS idle (after start and first token): %s MiB; largest RSS under the sustained load: %s MiB; peak (VmHWM) over the whole run: %s MiB.\n",
        num(proxyIdleRssMib, 1), sustained == null ? "n/a" : num(sustained.maxRssMib(), 1), num(proxyPeakRssMib, 1)));
    for (StartupBench.Variant v : new StartupBench.Variant[] {startupDefault, startupAppCds}) {
      if (v == null) {
        continue;
      }
      md.append(f("- Start to `/ready` 200, %s: median %s ms (runs: %s), idle RSS median %s MiB%s\n", v.name(), num(v.medianReadyMillis(), 0),
          v.readyMillis().stream().map(d -> num(d, 0)).toList(), num(v.medianIdleRssMib(), 1), v.note().isEmpty() ? "" : "; " + v.note()));
    }
    md.append("\nAppCDS: a training run with `-XX:DumpLoadedClassList` (start, first token, 3 s of writes, SIGTERM), then `-Xshare:dump "
        + "-XX:SharedClassListFile` writes a static archive, as an image build could; the measured runs add `-XX:SharedArchiveFile`. "
        + "(JDK 17.0.15's dynamic archive, `-XX:ArchiveClassesAtExit`, and a static dump including lambda proxies crashed in `SystemDictionaryShared::adjust_lambda_proxy_class_dictionary` on this proxy, so `@lambda-` lines are left out of the class list.)\n\n");
  }

  private void sustained(StringBuilder md) {
    md.append("## 3. Sustained load through one proxy\n\n");
    if (sustained == null) {
      md.append("Not run.\n\n");
      return;
    }
    LoadResult l = sustained.run().result();
    md.append(f("%s samples/s (%s req/s) for %.0f s (a shorter window than 5 minutes keeps `make bench` under 20 minutes; set "
        + "BENCH_SUSTAIN_SECONDS=300 for the full run): %,d requests ok, **%,d failed**; proxy CPU %s CPU-s per million samples "
        + "(%s%% of one core); largest RSS %s MiB; latency p50 %s ms, p99 %s ms, p99.9 %s ms.\n\n",
        num(sustained.rate() * cfg.samplesPerRequest(), 0), num(sustained.rate(), 0), l.seconds(), l.ok(), l.failed(),
        num(sustained.run().cpuPerMillionSamples(), 3), num(sustained.cpuCoreShare() * 100, 0), num(sustained.maxRssMib(), 1),
        num(l.millis(50), 2), num(l.millis(99), 2), num(l.millis(99.9), 2)));
    if (sustainedTuned != null) {
      LoadResult t = sustainedTuned.run().result();
      md.append(f("Same rate for %.0f s through a fresh proxy with leaner JVM options, a candidate for the image: `%s` and `MALLOC_ARENA_MAX=2`: "
          + "%,d ok, %,d failed; %s CPU-s per million samples; largest RSS **%s MiB**; p50 %s ms, p99 %s ms.\n\n",
          t.seconds(), cfg.tunedJvmOptions(), t.ok(), t.failed(), num(sustainedTuned.run().cpuPerMillionSamples(), 3),
          num(sustainedTuned.maxRssMib(), 1), num(t.millis(50), 2), num(t.millis(99), 2)));
    }
  }

  private void decoder(StringBuilder md) {
    md.append("## 4. Decoder and webhook (JMH)\n\n");
    if (jmh.isEmpty()) {
      md.append("Not run.\n\n");
      return;
    }
    md.append("One fork, 3 x 1 s warm-up, 5 x 1 s measured, one thread on the generator's core. One op = one 2,000-sample request; "
        + "MB/s counts uncompressed protobuf bytes.\n\n| benchmark | params | ops/s | ± | MB/s | samples/s |\n|---|---|---|---|---|---|\n");
    for (MicroBench.Score s : jmh) {
      double raw = Double.NaN;
      for (Payloads p : payloads) {
        if (s.params().contains("version=" + p.version().name())) {
          raw = p.meanRawBytes();
        }
      }
      boolean decoderBench = s.benchmark().startsWith("DecoderBench");
      md.append(f("| %s | %s | %s | %s | %s | %s |\n", s.benchmark(), s.params(), num(s.opsPerSecond(), 0), num(s.error(), 0),
          decoderBench ? num(s.opsPerSecond() * raw / 1e6, 0) : "", decoderBench ? num(s.opsPerSecond() * cfg.samplesPerRequest(), 0) : ""));
    }
    md.append('\n');
  }

  private double jmhScore(String bench, String params) {
    return jmh.stream().filter(s -> s.benchmark().equals(bench) && s.params().equals(params)).mapToDouble(MicroBench.Score::opsPerSecond)
        .findFirst().orElse(Double.NaN);
  }

  private void webhook(StringBuilder md) {
    md.append("## 5. Webhook\n\n");
    if (webhook.isEmpty()) {
      md.append("Not run.\n\n");
    } else {
      md.append("The webhook's real `/mutate` route (MutateHandler, AdmissionService, PodMutator, JSON diff) over HTTPS in a forked JVM with the "
          + "image's JVM options, pinned like the proxy; the ServiceAccount lookup answers from memory as the informer cache would. "
          + "Saturation: closed loop; latency: open loop at half of it, corrected for coordinated omission.\n\n"
          + "| pod | AdmissionReview bytes | admissions/s | fixed rate /s | p50 ms | p99 ms | p99.9 ms | failed | webhook CPU-ms per admission |\n"
          + "|---|---|---|---|---|---|---|---|---|\n");
      for (WebhookPhase.Result w : webhook) {
        LoadResult f = w.fixed().result();
        md.append(f("| %s | %,d | %s | %s | %s | %s | %s | %d | %s |\n", w.pod().equals("kps") ? "kube-prometheus-stack Prometheus" : "large (1,500 env vars)",
            w.reviewBytes(), num(w.saturation().result().requestsPerSecond(), 0), num(w.rate(), 0), num(f.millis(50), 2), num(f.millis(99), 2),
            num(f.millis(99.9), 2), f.failed() + w.saturation().result().failed(), num(w.fixed().cpuSeconds() * 1000 / Math.max(1, f.ok()), 3)));
      }
      md.append('\n');
    }
    md.append("JMH `WebhookBench.review` (section 4's table) is the same mutation + patch path in process, without HTTP and TLS.\n\n");
  }

  private void goals(StringBuilder md) {
    md.append("## Goals (closing note)\n\n| goal | measured | met |\n|---|---|---|\n");
    if (has("nginx")) {
      double r = ratio(comparison.open("ours").cpuPerMillionSamples(), comparison.open("nginx").cpuPerMillionSamples());
      goal(md, "proxy CPU per sample <= 2x nginx", num(r, 2) + "x", r <= 2);
    }
    if (comparison != null) {
      double a = added("ours", 99);
      goal(md, "added p99 <= 2 ms at the fixed rate", num(a, 2) + " ms", a <= 2);
    }
    if (sustained != null) {
      goal(md, "RSS <= 128 MiB at the sustained load", num(sustained.maxRssMib(), 1) + " MiB with the image's options"
          + (sustainedTuned == null ? "" : ", " + num(sustainedTuned.maxRssMib(), 1) + " MiB with the leaner ones"), sustained.maxRssMib() <= 128);
    }
    if (startupDefault != null) {
      double best = startupAppCds == null ? startupDefault.medianReadyMillis()
          : Math.min(startupDefault.medianReadyMillis(), startupAppCds.medianReadyMillis());
      goal(md, "/ready within 2 s of start", num(startupDefault.medianReadyMillis(), 0) + " ms"
          + (startupAppCds == null ? "" : ", " + num(startupAppCds.medianReadyMillis(), 0) + " ms with AppCDS"), best <= 2000);
    }
    for (String v : List.of("V1", "V2")) {
      double d = jmhScore("DecoderBench.decode", "version=" + v);
      double floor = jmhScore("DecoderBench.snappyOnly", "version=" + v);
      if (!Double.isNaN(d) && !Double.isNaN(floor)) {
        goal(md, "decoder >= half the decompression floor (" + v + ")", num(d / floor * 100, 0) + "% of the floor", d >= floor / 2);
      }
    }
    for (WebhookPhase.Result w : webhook) {
      double p99 = w.fixed().result().millis(99);
      double limit = w.pod().equals("kps") ? 5 : 50;
      goal(md, f("webhook p99 <= %.0f ms (%s pod)", limit, w.pod()), num(p99, 2) + " ms", p99 <= limit);
    }
    if (webhook.isEmpty()) {
      md.append("| webhook p99 <= 5 ms realistic / 50 ms large | not measured | n/a |\n");
    }
    md.append('\n');
  }

  private void profile(StringBuilder md) {
    if (profile == null) {
      return;
    }
    md.append(f("## Profile of the proxy under closed-loop load (JFR, %,d execution samples; NMT)%n%n", profile.samples()));
    md.append("A separate proxy run with `-XX:StartFlightRecording=settings=profile -XX:NativeMemoryTracking=summary`, same load as the saturation runs.\n\n");
    md.append("Samples by what they were doing:\n\n");
    profile.categories().forEach(l -> md.append("- ").append(l).append('\n'));
    md.append("\nHottest leaf frames:\n\n");
    profile.topLeafFrames().forEach(l -> md.append("- ").append(l).append('\n'));
    md.append("\nSamples by the innermost frame in our own code (`io.azmonrw.*`):\n\n");
    profile.topOwnFrames().forEach(l -> md.append("- ").append(l).append('\n'));
    md.append("\nNative memory (committed, `jcmd VM.native_memory summary`, after the load):\n\n");
    profile.nativeMemory().forEach(l -> md.append("- ").append(l).append('\n'));
    md.append('\n');
  }

  private static void goal(StringBuilder md, String goal, String measured, boolean met) {
    md.append(f("| %s | %s | %s |\n", goal, measured, met ? "yes" : "**no**"));
  }
}
