package io.azmonrw.images;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Processes started inside an unpacked image through images/rootfs-run.sh (uid 65532, read-only root, a host
 * directory as the only writable /tmp), with exactly the image's environment plus what a check adds.
 */
final class Sandbox {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Emulated, everything takes longer: this bounds each step then. */
    static final Duration EMULATED_TIMEOUT = Duration.ofSeconds(600);

    private final Path runScript;
    private final Path workDir;
    private final Path emulator;
    private final boolean emulate;

    /** emulate: run a foreign platform's binaries through qemu when it is installed (IMAGE_EMULATE). */
    Sandbox(Path runScript, Path workDir, boolean emulate) {
        this(runScript, workDir, null, emulate);
    }

    private Sandbox(Path runScript, Path workDir, Path emulator, boolean emulate) {
        this.runScript = runScript;
        this.workDir = workDir;
        this.emulator = emulator;
        this.emulate = emulate;
    }

    /** The sandbox for this platform's binaries: native, or through qemu's user-mode emulator for a foreign one. */
    Sandbox forPlatform(Platform platform) {
        return new Sandbox(
                runScript,
                workDir,
                platform.isHost() || !emulate ? null : platform.emulator().orElse(null),
                emulate);
    }

    boolean emulated() {
        return emulator != null;
    }

    /** Why runs are impossible on this machine, or null when they are possible for this platform. */
    String unavailable(Platform platform) {
        if (!platform.isHost() && (!emulate || platform.emulator().isEmpty())) {
            return platform + " binaries do not run on this " + System.getProperty("os.arch") + " machine"
                    + (emulate
                            ? " (with Debian's qemu-user-static installed they run emulated)"
                            : " (IMAGE_EMULATE=0)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "running an image's root filesystem needs root (mount namespace and chroot)";
        }
        for (String tool : List.of("/usr/bin/unshare", "/usr/sbin/chroot")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " missing (util-linux, coreutils)";
            }
        }
        return namespacesRefused();
    }

    private static String probe;

    /** Root in a container may still be denied mount namespaces or chroot: try both once, harmlessly. */
    private static synchronized String namespacesRefused() {
        if (probe == null) {
            try {
                Process p = new ProcessBuilder(
                                "/usr/bin/unshare", "--mount", "--fork", "/usr/sbin/chroot", "/", "/bin/true")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                probe = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
                        ? ""
                        : "this machine refuses a mount namespace or chroot ("
                                + (out.isEmpty() ? "unshare failed" : out) + ")";
            } catch (IOException e) {
                probe = "cannot probe mount namespaces: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return probe.isEmpty() ? null : probe;
    }

    Duration timeout() {
        return emulator != null ? EMULATED_TIMEOUT : TIMEOUT;
    }

    /** A fresh host directory to be the image's /tmp: sticky and world-writable, like the emptyDir in the pod. */
    Path newTmp() throws IOException {
        Path tmp = Files.createTempDirectory(workDir, "sandbox-tmp-");
        Files.setAttribute(tmp, "unix:mode", 01777);
        return tmp;
    }

    Process start(
            Path rootfs, Path tmp, List<String> command, List<String> imageEnv, Map<String, String> extraEnv, Path log)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(runScript.toString(), rootfs.toString(), tmp.toString()));
        argv.addAll(command);
        Map<String, String> env = new TreeMap<>();
        for (String e : imageEnv) {
            int eq = e.indexOf('=');
            env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        env.putAll(extraEnv);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (emulator != null) {
            // read and removed by rootfs-run.sh, so the image's process sees exactly its own environment
            pb.environment().put("ROOTFS_RUN_EMULATOR", emulator.toString());
        }
        return pb.start();
    }

    /** Runs to completion within {@link #TIMEOUT}; returns the exit status. */
    int exec(Path rootfs, Path tmp, List<String> command, List<String> imageEnv, Map<String, String> extraEnv, Path log)
            throws IOException, InterruptedException {
        Process p = start(rootfs, tmp, command, imageEnv, extraEnv, log);
        try {
            if (!p.waitFor(timeout().toSeconds(), TimeUnit.SECONDS)) {
                throw failure(
                        command.get(0) + " did not finish within " + timeout().toSeconds() + " s", log);
            }
            return p.exitValue();
        } finally {
            kill(p);
        }
    }

    /** SIGTERM to the JVM itself, the innermost process (the run script's namespaces and an emulator sit between). */
    static void terminate(Process p) {
        p.descendants().filter(h -> h.children().findAny().isEmpty()).forEach(ProcessHandle::destroy);
    }

    static void kill(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Lets the image's user read what a check put in its /tmp (files the host's JVM wrote with 0600). */
    static void shareReadOnly(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                Files.setAttribute(p, "unix:mode", mode | (Files.isDirectory(p) ? 0055 : 0044));
            }
        }
    }

    /** What is under /tmp now, minus what the check itself put there. */
    static List<String> written(Path tmp, java.util.Set<String> inputs) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> "/tmp/" + p.getFileName())
                    .filter(p -> !inputs.contains(p))
                    .sorted()
                    .toList();
        }
    }

    static IOException failure(String what, Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
        return new IOException(what + " (last output: " + tail + "; whole log " + log + ")");
    }
}
