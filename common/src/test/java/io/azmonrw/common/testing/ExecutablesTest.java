package io.azmonrw.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path tmp;

    private Path executable(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        return Files.createFile(
                dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    void theOverrideFolderWinsOverPath() throws Exception {
        Path onPath = executable(tmp.resolve("path"), "promtool");
        Path override = executable(tmp.resolve("override"), "promtool");
        assertThat(Executables.prometheus(
                        "promtool",
                        Map.of(
                                "PATH",
                                onPath.getParent().toString(),
                                Executables.PROMETHEUS_DIR_ENV,
                                override.getParent().toString())))
                .isEqualTo(override);
        assertThat(Executables.prometheus(
                        "promtool", Map.of("PATH", onPath.getParent().toString())))
                .isEqualTo(onPath);
    }

    @Test
    void aFileThatIsNotExecutableIsPassedOver() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        Files.createFile(dir.resolve("no-such-tool-azmonrw"));
        assertThatThrownBy(() -> Executables.prometheus("no-such-tool-azmonrw", Map.of("PATH", dir.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-tool-azmonrw not found")
                .hasMessageContaining("apt-get install");
    }

    @Test
    void usrBinIsSearchedLastAndThePrometheusFolderFirstForPrometheusOnly() {
        Map<String, String> env = Map.of("PATH", "/a:/b", Executables.PROMETHEUS_DIR_ENV, "/o");
        assertThat(Executables.searchPath(env, true))
                .containsExactly(Path.of("/o"), Path.of("/a"), Path.of("/b"), Path.of("/usr/bin"));
        // the Prometheus folder is for Prometheus' tools only
        assertThat(Executables.searchPath(env, false))
                .containsExactly(Path.of("/a"), Path.of("/b"), Path.of("/usr/bin"));
    }
}
