package io.azmonrw.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * A process under test (our proxy, nginx or the webhook), started pinned with taskset, its output in a log file. When
 * {@code measureChild}, the process is a launcher (images/rootfs-run.sh: unshare, chroot) and the measured process,
 * the one signalled to stop, is its child, the java process inside the image.
 */
final class Forked implements AutoCloseable {

    private static final HttpClient PROBE =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final long startNanos = System.nanoTime();
    private final int port;
    private final Path log;
    private final boolean measureChild;
    private long child = -1;

    /** Starts {@code command} with exactly {@code env} plus PATH, so nothing from the caller's environment (AZURE_*) can point it off loopback. */
    Forked(String cpus, List<String> command, Map<String, String> env, int port, Path log, boolean measureChild) {
        List<String> full = new ArrayList<>();
        if (cpus != null && !cpus.isBlank() && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            full.addAll(List.of("/usr/bin/taskset", "-c", cpus));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        String path = pb.environment().getOrDefault("PATH", "/usr/bin:/bin");
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", path, "HOME", System.getProperty("java.io.tmpdir")));
        pb.environment().putAll(env);
        this.port = port;
        this.log = log;
        this.measureChild = measureChild;
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The measured process: the started one, or its (only) child; -1 while that child does not exist yet. */
    long pid() {
        if (measureChild && child <= 0) {
            child = process.children().findFirst().map(ProcessHandle::pid).orElse(-1L);
        }
        return measureChild ? child : process.pid();
    }

    /** User + system CPU seconds of the measured process (the JDK reads /proc/PID/stat), NaN if unknown. */
    double cpuSeconds() {
        return ProcessHandle.of(pid())
                .flatMap(h -> h.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** VmRSS (now) or VmHWM (peak) of the measured process in MiB, NaN if unknown. */
    double rssMib(String field) {
        return statusKib(pid(), field) / 1024.0;
    }

    /** A field such as VmRSS of /proc/PID/status, in KiB, or NaN. */
    static double statusKib(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith(field + ":"))
                    .mapToDouble(l -> Long.parseLong(
                            l.substring(field.length() + 1).trim().split("\\s+")[0]))
                    .findFirst()
                    .orElse(Double.NaN);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A loopback port that was free a moment ago, for processes (nginx, the forked proxy) that cannot report the port they bound. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path log() {
        return log;
    }

    int port() {
        return port;
    }

    /** Polls {@code GET path} until it answers 200; milliseconds from process start, or -1 on timeout or death. */
    double awaitHttp200(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(1))
                .build();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (PROBE.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startNanos) / 1e6;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            BenchMain.sleep(5);
        }
        return -1;
    }

    /** Last lines of the process's output, for the report when something went wrong. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM to the measured process, then SIGKILL after {@code graceSeconds}; returns the exit code (or -1). */
    int stop(int graceSeconds) {
        ProcessHandle.of(pid()).ifPresentOrElse(ProcessHandle::destroy, process::destroy);
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
