package io.azmonrw.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' own {@code promtool} (Debian package {@code prometheus}) so tests check exposition text with a parser that is not ours. */
public final class Promtool {
    /** The outcome of a promtool command: its exit code and combined output. */
    public record Result(int exitCode, String output) {}

    private Promtool() {}

    public static Path binary() {
        return Executables.prometheus("promtool");
    }

    /** Feeds the text to {@code promtool check metrics} on stdin. */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary().toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
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

    /** {@code promtool check rules} on the given rules files. */
    public static Result checkRules(List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "check", "rules"));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    /** {@code promtool test rules} on the given unit-test files (their rule_files are relative to each file). */
    public static Result testRules(List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "test", "rules"));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    /**
     * Parses PromQL expressions with promtool: each becomes a recording rule of a temporary rules file in {@code dir},
     * so a syntax error fails {@code check rules} and names the rule ({@code check:q<index>}).
     */
    public static Result checkExpressions(Path dir, List<String> expressions) throws IOException, InterruptedException {
        StringBuilder y = new StringBuilder("groups:\n  - name: expressions\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            // a literal block keeps quotes and backslashes exactly as written
            y.append("      - record: check:q").append(i).append("\n        expr: |-\n");
            expressions
                    .get(i)
                    .lines()
                    .forEach(l -> y.append("          ").append(l).append('\n'));
        }
        Path file = Files.createTempFile(dir, "expressions", ".rules.yaml");
        Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
        return checkRules(List.of(file));
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 120s: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }
}
