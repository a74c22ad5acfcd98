package io.azmonrw.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvReaderTest {
    enum Mode {
        AUTO,
        NATIVE_SIDECAR,
        CONTAINER
    }

    @Test
    void readsEveryTypeFromTheGivenMap() throws Exception {
        EnvReader r = new EnvReader(Map.ofEntries(
                Map.entry("S", "  text "),
                Map.entry("I", "8081"),
                Map.entry("D", "1m30s"),
                Map.entry("U", "https://example.com/dcr/x?api-version=1"),
                Map.entry("E", "native-sidecar"),
                Map.entry("B", "TRUE"),
                Map.entry("C", "127.0.0.0/8, ::1"),
                Map.entry("Q", "128Mi"),
                Map.entry("SZ", "32Mi"),
                Map.entry("L", "a, b,,c ")));
        assertThat(r.string("S", "x")).isEqualTo("text");
        assertThat(r.integer("I", 1, 0, 65535)).isEqualTo(8081);
        assertThat(r.duration("D", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(r.url("U", null, true, Set.of("https")))
                .isEqualTo(URI.create("https://example.com/dcr/x?api-version=1"));
        assertThat(r.enumValue("E", Mode.class, Mode.AUTO)).isEqualTo(Mode.NATIVE_SIDECAR);
        assertThat(r.bool("B", false)).isTrue();
        List<Cidr> cidrs = r.cidrs("C", List.of());
        assertThat(cidrs).hasSize(2);
        assertThat(cidrs.get(0).contains(InetAddress.getByName("127.1.2.3"))).isTrue();
        assertThat(cidrs.get(1).contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(r.quantity("Q", "1").value().longValueExact()).isEqualTo(128L * 1024 * 1024);
        assertThat(r.byteSize("SZ", 0, 0, Long.MAX_VALUE)).isEqualTo(32L * 1024 * 1024);
        assertThat(r.list("L", List.of())).containsExactly("a", "b", "c");
        r.done();
    }

    @Test
    void unsetAndBlankKeysGiveDefaults() {
        EnvReader r = new EnvReader(Map.of("BLANK", "   "));
        assertThat(r.string("BLANK", "d")).isEqualTo("d");
        assertThat(r.integer("NOPE", 7, 0, 10)).isEqualTo(7);
        assertThat(r.duration("NOPE", Duration.ofSeconds(2), Duration.ZERO, Duration.ofHours(1)))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(r.bool("NOPE", true)).isTrue();
        assertThat(r.secret("NOPE")).isNull();
        assertThat(r.readableFile("NOPE", false)).isNull();
        r.done();
    }

    @Test
    void reportsEveryProblemInOneMessage() {
        EnvReader r = new EnvReader(Map.of(
                "PORT", "80a",
                "RANGE", "70000",
                "DUR", "soon",
                "URL", "http://example.com",
                "ENUM", "sometimes",
                "BOOL", "maybe",
                "CIDR", "10.0.0.0/33",
                "QTY", "12parsecs",
                "FILE", "/nonexistent/file"));
        r.integer("PORT", 1, 0, 65535);
        r.integer("RANGE", 1, 0, 65535);
        r.duration("DUR", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        r.url("URL", null, true, Set.of("https"));
        r.enumValue("ENUM", Mode.class, Mode.AUTO);
        r.bool("BOOL", false);
        r.cidrs("CIDR", List.of());
        r.quantity("QTY", "1");
        r.readableFile("FILE", false);
        r.required("MISSING");
        assertThatThrownBy(r::done).isInstanceOf(ConfigException.class).satisfies(e -> {
            ConfigException ce = (ConfigException) e;
            assertThat(ce.problems()).hasSize(10);
            assertThat(ce.getMessage())
                    .doesNotContain("\n")
                    .contains("PORT: '80a' is not an integer")
                    .contains("RANGE: '70000' is outside 0..65535")
                    .contains("DUR: ")
                    .contains("URL: 'http://example.com' must be an absolute https URL")
                    .contains("ENUM: 'sometimes' is not one of AUTO, NATIVE_SIDECAR, CONTAINER")
                    .contains("BOOL: 'maybe' is not a boolean")
                    .contains("CIDR: '10.0.0.0/33' has a prefix length outside 0..32")
                    .contains("QTY: '12parsecs' is not a Kubernetes quantity")
                    .contains("FILE: '/nonexistent/file' is not a readable file")
                    .contains("MISSING: is required");
        });
    }

    @Test
    void readableFileAcceptsAFileAndRefusesADirectory(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("token"), "x");
        EnvReader r = new EnvReader(Map.of("F", f.toString(), "DIR", dir.toString()));
        assertThat(r.readableFile("F", true)).isEqualTo(f);
        assertThat(r.readableFile("DIR", true)).isNull();
        assertThatThrownBy(r::done).hasMessageContaining("DIR: '" + dir + "' is not a readable file");
    }

    @Test
    void secretsAreHiddenInToStringOfRecordsThatHoldThem() {
        record Holder(String user, Secret password) {}
        EnvReader r = new EnvReader(Map.of("PASSWORD", "hunter2-very-secret"));
        Secret s = r.secret("PASSWORD");
        Holder h = new Holder("me", s);
        assertThat(s.reveal()).isEqualTo("hunter2-very-secret");
        assertThat(h.toString()).contains("me").doesNotContain("hunter2");
        assertThat(String.valueOf(s)).isEqualTo("****");
    }

    @Test
    void urlWithoutHostIsRefused() {
        EnvReader r = new EnvReader(Map.of("U", "https:///path"));
        r.url("U", null, true, Set.of("https"));
        assertThatThrownBy(r::done).hasMessageContaining("U: 'https:///path' has no host");
    }

    @Test
    void crossKeyProblemsJoinTheSameReport() {
        EnvReader r = new EnvReader(Map.of());
        r.required("A");
        r.problem("B", "needs A");
        assertThatThrownBy(r::done).hasMessage("invalid configuration: A: is required; B: needs A");
    }
}
