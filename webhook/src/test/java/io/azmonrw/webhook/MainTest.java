package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract.WebhookEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The jar's arguments: --help and --version print and exit 0 without starting the server; anything unknown is refused. */
class MainTest {
    record Run(int code, String out, String err) {}

    static Run dispatch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.dispatch(
                args,
                new java.io.ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every env var name of the webhook contract, read from Contract (not from the help text). */
    static List<String> webhookEnvNames() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : WebhookEnv.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    @Test
    void helpListsTheSubcommandsAndEveryServerEnvVarAndExitsZero() throws Exception {
        Run r = dispatch("--help");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\n  inject ").contains("\n  uninject ").contains("SUBCOMMAND --help");
        List<String> names = webhookEnvNames();
        assertThat(names).contains("WEBHOOK_PORT", "PROXY_IMAGE", "CLUSTER", "HEAL_MODE");
        for (String name : names) {
            assertThat(r.out()).as(name).containsPattern("(?m)^  (.*, )?" + name + "\\b");
        }
        assertThat(dispatch("-h").out()).isEqualTo(r.out());
    }

    @Test
    void versionPrintsOneLineAndExitsZero() {
        Run r = dispatch("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("azmon-rw-webhook \\S+\n");
    }

    @Test
    void subcommandHelpAndVersionExitZeroWithoutReadingInput() {
        for (String sub : List.of("inject", "uninject")) {
            Run help = dispatch(sub, "--help");
            assertThat(help.code()).as(sub).isZero();
            assertThat(help.out()).startsWith("usage: java -jar azmon-rw-webhook.jar " + sub + " -f FILE|-");
            assertThat(dispatch(sub, "-f", "/nonexistent", "--version").out())
                    .startsWith("azmon-rw-webhook " + sub + " ");
        }
        assertThat(dispatch("inject", "--help").out())
                .contains("comments")
                .contains("--all")
                .contains("--no-remote-write")
                .contains("--native-sidecar");
    }

    @Test
    void theRealEntryPointPrintsHelpAndExitsZeroWithNoEnvironment() throws Exception {
        // a separate JVM with an empty environment: the server would exit 1 on its missing TLS config, --help exits 0
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--help");
        pb.environment().clear();
        pb.redirectErrorStream(true);
        Process p = pb.start();
        // the help text (a few KiB) fits in the pipe buffer, so waiting before reading cannot block the child
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("exited within 120 s").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .startsWith("azmon-rw-webhook ")
                .contains("subcommands:")
                .contains("WEBHOOK_PORT")
                .doesNotContain("invalid configuration");
    }

    @Test
    void unknownArgumentIsRefusedWithExitTwoRatherThanStartingTheServer() {
        Run r = dispatch("--port=8443");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: unknown argument '--port=8443'").contains("--help");
    }
}
