package io.azmonrw.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract.ProxyEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy jar's --help (its env table) and --version: exit 0, no server; other arguments exit 2. */
class MainTest {
    record Run(int code, String out, String err) {}

    static Run info(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.info(
                args,
                "1.2.3",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryEnvVarOfTheContract() throws Exception {
        Run r = info("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("azmon-rw-proxy 1.2.3\n");
        List<String> names = new ArrayList<>();
        for (Field f : ProxyEnv.class.getFields()) {
            // the constants that are values rather than variable names
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && !f.getName().equals("IDENTITY_TYPE_WORKLOAD")
                    && !f.getName().equals("WRITE_PATH")) {
                names.add((String) f.get(null));
            }
        }
        assertThat(names).contains("INGESTION_URL", "INGESTION_URL_CHECK", "UPSTREAM_RW2");
        for (String name : names) {
            // a lower-case alias (https_proxy) is listed next to its name: "  HTTPS_PROXY (or https_proxy)"
            assertThat(r.out()).as(name).containsPattern("(?m)^  (" + name + "\\b|[A-Z_]+ \\(or " + name + "\\))");
        }
    }

    @Test
    void versionAndUnknownArguments() {
        assertThat(info("--version")).isEqualTo(new Run(0, "azmon-rw-proxy 1.2.3\n", ""));
        Run bad = info("serve");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("error: unknown argument 'serve'");
    }
}
