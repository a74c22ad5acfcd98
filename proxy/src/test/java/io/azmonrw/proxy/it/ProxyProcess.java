package io.azmonrw.proxy.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The proxy's Main in a forked JVM (this test JVM's classpath), for what only a process shows: env-only identity config, SIGTERM, exit status. */
public final class ProxyProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+:(\\d+)");
    /** Env vars of the machine running the tests that would steer azure-identity elsewhere. */
    private static final List<String> SCRUB = List.of(
            "IDENTITY_ENDPOINT",
            "IDENTITY_HEADER",
            "IMDS_ENDPOINT",
            "MSI_ENDPOINT",
            "MSI_SECRET",
            "AZURE_POD_IDENTITY_AUTHORITY_HOST",
            "AZURE_CLIENT_ID",
            "AZURE_TENANT_ID",
            "AZURE_FEDERATED_TOKEN_FILE",
            "AZURE_AUTHORITY_HOST",
            "AZURE_CLIENT_SECRET",
            "AZURE_CLIENT_CERTIFICATE_PATH",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "NO_PROXY",
            "no_proxy");

    public final Process process;
    private final Path output;

    /** @param jvmArgs e.g. {@code -Djavax.net.ssl.trustStore=...} */
    public ProxyProcess(Map<String, String> env, List<String> jvmArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java);
        if (jvmArgs.stream()
                .noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM") || a.startsWith("-XX:Flags"))) {
            cmd.add("-Xmx128m");
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.azmonrw.proxy.Main");
        output = Files.createTempFile("azmon-rw-proxy-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        SCRUB.forEach(pb.environment()::remove);
        pb.environment().put("LISTENING_PORT", "0");
        pb.environment().put("LISTEN_ADDRESS", "127.0.0.1");
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** Everything the process logged so far. */
    public List<String> lines() throws java.io.IOException {
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    public int port(Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = LISTENING.matcher(Files.readString(output, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("proxy exited before listening: " + lines());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("proxy not listening within " + max + ": " + lines());
    }

    /** SIGTERM, as the kubelet sends it. */
    public void terminate() {
        process.destroy();
    }

    public int waitForExit(Duration max) throws Exception {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("proxy did not exit within " + max);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws java.io.IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        lines().forEach(l -> System.out.println("[proxy] " + l));
        Files.deleteIfExists(output);
    }
}
