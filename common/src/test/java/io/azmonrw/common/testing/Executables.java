package io.azmonrw.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one lookup of the command-line tools tests and the demo run: each folder of PATH, then /usr/bin; for
 * {@code prometheus} and {@code promtool} the folder named by {@value #PROMETHEUS_DIR_ENV} first.
 */
public final class Executables {
    /** Names a folder holding {@code prometheus} and {@code promtool} (e.g. an unpacked release); it wins over PATH. */
    public static final String PROMETHEUS_DIR_ENV = "PROMETHEUS_BIN_DIR";

    private Executables() {}

    /** The executable {@code name} on PATH or in /usr/bin, if installed (kubectl, bash, openssl...). */
    public static Optional<Path> find(String name) {
        return find(name, searchPath(System.getenv(), false));
    }

    /** {@code prometheus} or {@code promtool}, or an IllegalStateException saying how to install it. */
    public static Path prometheus(String name) {
        return prometheus(name, System.getenv());
    }

    static Path prometheus(String name, Map<String, String> env) {
        return find(name, searchPath(env, true))
                .orElseThrow(
                        () -> new IllegalStateException(
                                name + " not found in $"
                                        + PROMETHEUS_DIR_ENV + ", on PATH or in /usr/bin: install it with"
                                        + " 'apt-get install -y --no-install-recommends prometheus' (make test does this when run as root)"));
    }

    private static Optional<Path> find(String name, List<Path> dirs) {
        return dirs.stream()
                .map(d -> d.resolve(name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    static List<Path> searchPath(Map<String, String> env, boolean prometheus) {
        List<Path> dirs = new ArrayList<>();
        String override = prometheus ? env.getOrDefault(PROMETHEUS_DIR_ENV, "") : "";
        if (!override.isBlank()) {
            dirs.add(Path.of(override.strip()));
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        dirs.add(Path.of("/usr/bin"));
        return dirs;
    }
}
