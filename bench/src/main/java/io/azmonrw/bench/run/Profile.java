package io.azmonrw.bench.run;

import io.azmonrw.bench.load.LoadGenerator;
import io.azmonrw.bench.load.LoadGenerator.Workload;
import io.azmonrw.common.Contract.ProxyEnv;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the proxy spends its CPU and memory under load: a separate proxy run with JFR (execution samples) and
 * native memory tracking, so that the measured runs carry no profiling overhead.
 */
final class Profile {

    /** Top frames by share of execution samples, and the NMT summary's committed sizes. */
    record Result(
            long samples,
            List<String> categories,
            List<String> topLeafFrames,
            List<String> topOwnFrames,
            List<String> nativeMemory) {}

    /** What a sample was doing, by its leaf frame's class: the first matching row wins. */
    private static final String[][] LEAF_CATEGORIES = {
        {
            "TLS to the upstream (JDK JSSE)",
            "(sun\\.security|com\\.sun\\.crypto|javax\\.crypto|javax\\.net\\.ssl|io\\.netty\\.handler\\.ssl)\\..*"
        },
        {
            "decode (snappy + protobuf scan)",
            "(io\\.azmonrw\\.proxy\\.decode\\.|com\\.google\\.protobuf\\.|org\\.xerial\\.snappy\\.|java\\.lang\\.invoke\\.VarHandleByteArray).*"
        },
        {"Netty I/O and buffers", "io\\.netty\\..*"},
        {"Vert.x HTTP", "io\\.vertx\\..*"},
        {"metrics (Micrometer)", "(io\\.micrometer|io\\.prometheus)\\..*"},
        {"our other code", "io\\.azmonrw\\..*"},
    };

    /** The native memory summary's rows: "- Java Heap (reserved=..., committed=26624KB)" and "Total: reserved=..., committed=...". */
    private static final Pattern NMT_ROW =
            Pattern.compile("^(?:-\\s*(.+?)\\s*\\(|(Total):\\s*)reserved=\\d+\\w*, committed=(\\d+)([KMG]?)B?\\)?$");

    private Profile() {}

    static Result run(BenchConfig cfg, Launchers.Peers peers, Vertx vertx, Workload load, List<String> problems)
            throws IOException {
        Path jfr = cfg.workDir().resolve("proxy/profile/proxy.jfr").toAbsolutePath();
        Files.deleteIfExists(jfr);
        List<String> jvm = List.of(
                "-XX:StartFlightRecording=filename={tmp}/proxy.jfr,settings=profile,dumponexit=true",
                "-XX:NativeMemoryTracking=summary",
                "-XX:+UnlockDiagnosticVMOptions",
                // the native memory summary is printed at exit (no jcmd: the image has none)
                "-XX:+PrintNMTStatistics");
        Path log;
        // samples before this (the start, the first token, the warm-up) say nothing of the cost per sample under load
        Instant measured;
        try (Forked p = Launchers.readyProxy(cfg, peers, jvm, "profile", problems)) {
            if (p == null) {
                return new Result(0, List.of(), List.of("proxy did not start"), List.of(), List.of());
            }
            try (LoadGenerator g = new LoadGenerator(vertx, p.port(), ProxyEnv.WRITE_PATH, null, load, 64)) {
                g.closedLoop(cfg.concurrency(), 2);
                measured = Instant.now();
                LoadGenerator.Result r = g.closedLoop(cfg.concurrency(), cfg.closedSeconds());
                BenchMain.log("profile load: %d ok, %d failed", r.ok(), r.failed());
            }
            p.stop(30);
            log = p.log();
        }
        List<String> nmt = nativeMemory(Files.readAllLines(log));
        if (!Files.exists(jfr)) {
            return new Result(0, List.of(), List.of("no JFR recording written"), List.of(), nmt);
        }
        Map<String, Long> leaf = new HashMap<>();
        Map<String, Long> own = new HashMap<>();
        Map<String, Long> category = new HashMap<>();
        long n = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            List<RecordedFrame> frames =
                    e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")
                    || frames.isEmpty()
                    || e.getStartTime().isBefore(measured)) {
                continue;
            }
            n++;
            leaf.merge(frameName(frames.get(0)), 1L, Long::sum);
            category.merge(category(frames), 1L, Long::sum);
            // the first frame in our own code: which of our steps the sample belongs to
            frames.stream()
                    .map(Profile::frameName)
                    .filter(f -> f.startsWith("io.azmonrw."))
                    .findFirst()
                    .ifPresent(f -> own.merge(f, 1L, Long::sum));
        }
        BenchMain.log("profile: %d execution samples", n);
        return new Result(n, top(category, n, 10), top(leaf, n, 12), top(own, n, 8), nmt);
    }

    /** What a sample was doing, judged by its leaf frame (and the stack, for startup work). */
    static String category(List<RecordedFrame> frames) {
        if (frames.stream()
                .map(f -> f.getMethod().getType().getName())
                .anyMatch(t -> t.startsWith("io.azmonrw.common.service.ServiceLauncher")
                        || t.startsWith("io.azmonrw.proxy.auth"))) {
            return "startup and token (azure-identity, config, class loading)";
        }
        String leaf = frames.get(0).getMethod().getType().getName();
        for (String[] c : LEAF_CATEGORIES) {
            if (leaf.matches(c[1])) {
                return c[0];
            }
        }
        return "JDK other (" + leaf.substring(0, Math.max(0, leaf.lastIndexOf('.'))) + ")";
    }

    private static String frameName(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<String> top(Map<String, Long> counts, long total, int k) {
        return counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(k)
                .map(en -> String.format("%.1f%% `%s`", 100.0 * en.getValue() / Math.max(1, total), en.getKey()))
                .toList();
    }

    /** Committed sizes per category from the native memory summary the JVM printed at exit (bytes, or with a K/M/G suffix). */
    static List<String> nativeMemory(List<String> log) {
        List<String> out = new ArrayList<>();
        for (String line : log) {
            Matcher m = NMT_ROW.matcher(line.trim());
            if (m.matches()) {
                int scale = m.group(4).isEmpty() ? 0 : "KMG".indexOf(m.group(4)) + 1;
                long bytes = Long.parseLong(m.group(3)) << (10 * scale);
                out.add(String.format("%s: %.1f MiB", m.group(1) != null ? m.group(1) : m.group(2), bytes / 1048576.0));
            }
        }
        return out.isEmpty() ? List.of("no native memory summary in the proxy's log") : out;
    }
}
