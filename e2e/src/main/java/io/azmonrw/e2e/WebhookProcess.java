package io.azmonrw.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The webhook's jar, run as a server (TLS from the test CA, no cluster) or as the offline {@code inject} CLI. */
public final class WebhookProcess {
    private final Path root;

    public WebhookProcess(Path root) {
        this.root = root;
    }

    public Path jar() {
        return root.resolve("webhook/target/azmon-rw-webhook.jar");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the admission server; returns it once {@code /healthz} answers, or null with the reason printed. */
    public ChildProcess startServer(Map<String, String> env, int managementPort, Path log, Duration timeout)
            throws InterruptedException {
        if (!Files.isRegularFile(jar())) {
            System.out.println("  webhook jar missing: " + jar());
            return null;
        }
        ChildProcess p = new ChildProcess(
                "webhook",
                ChildProcess.detached(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar().toString())),
                env,
                log);
        p.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (LocalHttp.getOrNull("http://127.0.0.1:" + managementPort + "/healthz") != null) {
                return p;
            }
            if (!p.isAlive()) {
                System.out.println("  webhook server exited; see " + log);
                return null;
            }
            Thread.sleep(250);
        }
        System.out.println("  webhook server not healthy after " + timeout + "; see " + log);
        p.stop(10);
        return null;
    }

    /**
     * Runs {@code inject} on {@code pod} through {@link InjectDiff} and returns {@code diff -u} of before/after,
     * or a one-line reason when that is not possible.
     */
    public String injectDiff(Path pod, Path outDir, List<String> options, Path e2eJar) throws Exception {
        Path lib = jar().getParent().resolve("lib");
        String cp = e2eJar + ":" + e2eJar.getParent().resolve("lib") + "/*:" + jar() + ":" + lib + "/*";
        List<String> cmd = new ArrayList<>(
                List.of(java(), "-cp", cp, InjectDiff.class.getName(), pod.toString(), outDir.toString()));
        cmd.addAll(options);
        Path log = outDir.resolve("inject.log");
        Files.createDirectories(outDir);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            return "(inject failed; see " + log + ")";
        }
        Process diff = new ProcessBuilder(
                        "diff",
                        "-u",
                        "--label",
                        "pod as created by prometheus-operator",
                        "--label",
                        "pod after azmon-rw injection",
                        outDir.resolve("before.yaml").toString(),
                        outDir.resolve("after.yaml").toString())
                .redirectErrorStream(true)
                .start();
        String text = new String(diff.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        diff.waitFor();
        return text.isBlank() ? "(no change: the pod was not selected)" : text;
    }
}
