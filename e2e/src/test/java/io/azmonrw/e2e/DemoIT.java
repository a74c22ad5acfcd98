package io.azmonrw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code make demo} keeps working: the packaged launcher, run briefly, shows the injection and loses nothing. */
class DemoIT {
    @Test
    void demoShowsTheInjectionDiffAndEndsWithNothingLost() throws Exception {
        PrometheusProcess.binary();
        Path root = Path.of(System.getProperty("azmonrw.root", "."))
                .toAbsolutePath()
                .normalize();
        Path out = Files.createTempFile("azmon-rw-demo-it", ".out");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dazmonrw.root=" + root,
                        "-Dlogback.configurationFile=" + root.resolve("testkit/logback-standins.xml"),
                        "-jar",
                        root.resolve("e2e/target/azmon-rw-e2e.jar").toString()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("DEMO_SECONDS", "10");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(300, TimeUnit.SECONDS))
                    .as("demo finished; output in %s", out)
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text)
                .contains(
                        "+++ pod after azmon-rw injection",
                        "name: prom-remotewrite",
                        "== summary",
                        "stopped everything");
        assertThat(text).containsPattern("LOST\\s+0 samples");
        assertThat(text).containsPattern("stand-in accepted\\s+[1-9][0-9,]* samples");
    }
}
