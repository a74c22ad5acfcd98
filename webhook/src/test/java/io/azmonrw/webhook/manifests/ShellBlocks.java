package io.azmonrw.webhook.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of a Markdown file (fences tagged bash, sh or shell), and the two checks the docs test applies to
 * them: {@code bash -n} for every block, a real run for the blocks marked {@value #RUN_MARKER} on the line before.
 */
final class ShellBlocks {
    /** Put on the last non-blank line before a fence: the block runs offline in the test, from the repository root. */
    static final String RUN_MARKER = "<!-- test: run -->";

    static final Set<String> SHELL_LANGUAGES = Set.of("bash", "sh", "shell");
    private static final Pattern OPENING = Pattern.compile("^( *)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    // a run may not leave the machine: every proxy variable points at a closed loopback port, and kubectl has no
    // cluster
    private static final String NOWHERE = "http://127.0.0.1:9";
    private static final Map<String, String> OFFLINE_ENV = Map.of(
            "http_proxy",
            NOWHERE,
            "https_proxy",
            NOWHERE,
            "HTTP_PROXY",
            NOWHERE,
            "HTTPS_PROXY",
            NOWHERE,
            "no_proxy",
            "",
            "NO_PROXY",
            "",
            "KUBECONFIG",
            "/dev/null");

    /** One fenced shell block; {@code line} is the 1-based line of its opening fence. */
    record Block(Path file, int line, String language, String text, boolean runnable) {
        String where() {
            return file.getFileName() + ":" + line;
        }
    }

    /** Exit status and combined output of one check. */
    record Outcome(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private ShellBlocks() {}

    static List<Block> extract(Path file) {
        List<String> lines = read(file).lines().toList();
        var blocks = new ArrayList<Block>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = OPENING.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            String language = open.group(3).toLowerCase(Locale.ROOT);
            int start = i;
            var body = new StringBuilder();
            i++;
            while (i < lines.size() && !closes(lines.get(i), fence)) {
                body.append(dedent(lines.get(i), indent)).append('\n');
                i++;
            }
            if (i == lines.size()) {
                throw new IllegalArgumentException(file.getFileName() + ":" + (start + 1) + ": fence never closed");
            }
            if (SHELL_LANGUAGES.contains(language)) {
                blocks.add(new Block(file, start + 1, language, body.toString(), markedRunnable(lines, start)));
            }
            i++;
        }
        return blocks;
    }

    /** {@code bash -n}: the block parses as bash (it is never executed). */
    static Outcome syntax(Block block, Path scratch) {
        return bash(List.of("-n", script(block, scratch).toString()), scratch, scratch, Duration.ofSeconds(60));
    }

    /** Runs the block with {@code bash -euo pipefail} in {@code workDir}, offline, temporary files in {@code scratch}. */
    static Outcome run(Block block, Path workDir, Path scratch, Duration timeout) {
        return bash(List.of("-euo", "pipefail", script(block, scratch).toString()), workDir, scratch, timeout);
    }

    private static boolean closes(String line, String fence) {
        String t = line.strip();
        return t.length() >= fence.length() && t.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String dedent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    private static boolean markedRunnable(List<String> lines, int fenceLine) {
        for (int j = fenceLine - 1; j >= 0; j--) {
            if (!lines.get(j).isBlank()) {
                return lines.get(j).strip().equals(RUN_MARKER);
            }
        }
        return false;
    }

    private static Path script(Block block, Path scratch) {
        try {
            Path f = Files.createTempFile(scratch, "block-", ".sh");
            Files.writeString(f, block.text(), StandardCharsets.UTF_8);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome bash(List<String> args, Path workDir, Path scratch, Duration timeout) {
        var command = new ArrayList<String>();
        command.add(Tools.find("bash")
                .orElseThrow(() -> new IllegalStateException("bash not found"))
                .toString());
        command.addAll(args);
        var pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(OFFLINE_ENV);
        pb.environment().put("TMPDIR", scratch.toString());
        try {
            Path log = Files.createTempFile(scratch, "out-", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Outcome(-1, "timed out after " + timeout + "\n" + Files.readString(log));
            }
            return new Outcome(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
