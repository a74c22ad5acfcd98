package io.azmonrw.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the Prometheus binaries ({@code prometheus}, {@code promtool}) are, for tests and the demo: the folder named
 * by {@value #DIR_ENV} first (e.g. an unpacked release), then each folder of PATH, then /usr/bin (the Debian package).
 */
public final class PrometheusBinaries {
    /** Names a folder holding {@code prometheus} and {@code promtool}; it wins over PATH. */
    public static final String DIR_ENV = "PROMETHEUS_BIN_DIR";

    private PrometheusBinaries() {}

    /** The executable {@code name} ("prometheus" or "promtool"), or an IllegalStateException saying how to install it. */
    public static Path find(String name) {
        return find(name, System.getenv());
    }

    static Path find(String name, Map<String, String> env) {
        for (Path dir : searchPath(env)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " not found in $" + DIR_ENV + ", on PATH or in /usr/bin: install it with"
                + " 'apt-get install -y --no-install-recommends prometheus' (make test does this when run as root)");
    }

    static List<Path> searchPath(Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        String override = env.getOrDefault(DIR_ENV, "");
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
