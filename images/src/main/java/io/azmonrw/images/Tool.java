package io.azmonrw.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool (readelf, jdeps, java) to its end and returns its exit status and output. */
record Tool(int exit, String output) {

    static Tool run(Duration limit, List<String> argv) throws IOException {
        Path out = Files.createTempFile("tool-", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(argv)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
            } catch (IOException e) {
                throw new IOException(argv.get(0) + " cannot run (" + e.getMessage() + ")", e);
            }
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv.subList(0, Math.min(2, argv.size())))
                        + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Tool(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
