package io.azmonrw.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A program we started, logging to a file; stopped with SIGTERM or killed with SIGKILL, and never left behind. */
public class ChildProcess {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean killOnExit = true;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (killOnExit) {
                                RUNNING.forEach(Process::destroyForcibly);
                            }
                        },
                        "e2e-child-cleanup"));
    }

    /** The demo stops its children itself, in order, from its own shutdown hook. */
    public static void killOnExit(boolean kill) {
        killOnExit = kill;
    }

    /**
     * The command run in its own session when setsid exists, so that Ctrl-C in a terminal reaches only the
     * launcher, which then stops the children in order (Prometheus last, after its counters are read).
     */
    public static List<String> detached(List<String> command) {
        if (!java.nio.file.Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> c = new java.util.ArrayList<>();
        c.add(SETSID.toString());
        c.addAll(command);
        return c;
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;

    public ChildProcess(String name, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /** Starts the program (again, after a stop or kill), appending to its log. */
    public void start() {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            RUNNING.add(p);
            process = p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
        }
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no drain. */
    public void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, 10);
            RUNNING.remove(p);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code seconds}; returns the exit code. */
    public int stop(long seconds) {
        Process p = process;
        if (p == null) {
            return 0;
        }
        p.destroy();
        if (!waitFor(p, seconds)) {
            p.destroyForcibly();
            waitFor(p, 10);
        }
        RUNNING.remove(p);
        return p.isAlive() ? -1 : p.exitValue();
    }

    private static boolean waitFor(Process p, long seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Path log() {
        return log;
    }

    public String name() {
        return name;
    }
}
