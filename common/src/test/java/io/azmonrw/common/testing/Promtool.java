package io.azmonrw.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' own {@code promtool} (Debian package {@code prometheus}) so tests check exposition text with a parser that is not ours. */
public final class Promtool {
    /** The outcome of {@code promtool check metrics}: its exit code and combined output. */
    public record Result(int exitCode, String output) {}

    private Promtool() {}

    public static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path p = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(p)) {
            return p;
        }
        throw new IllegalStateException("promtool not found: install it with 'apt-get install -y --no-install-recommends prometheus' (make test does this when run as root)");
    }

    /** Feeds the text to {@code promtool check metrics} on stdin. */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary().toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 60s");
        }
        return new Result(p.exitValue(), out);
    }
}
