package io.azmonrw.webhook.manifests;

import io.azmonrw.common.testing.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs command-line tools (kubectl, bash, openssl) for the manifest and certificate tests. */
final class Tools {
    /** Exit code and combined output of a finished command. */
    record Result(int exit, String output) {}

    private Tools() {}

    /** The executable on PATH (or in /usr/bin), if installed: common's one lookup. */
    static Optional<Path> find(String name) {
        return Executables.find(name);
    }

    static Result run(Path workDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String runOk(Path workDir, List<String> command) {
        Result r = run(workDir, command);
        if (r.exit() != 0) {
            throw new AssertionError(command + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
