package io.azmonrw.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Checks that a linked runtime holds every JDK module the application's classes refer to: the JDK's {@code jdeps
 * --print-module-deps} names the modules the jars need, compared with the runtime's {@code release} MODULES list.
 */
final class ModuleCoverage {

    /** jdeps takes seconds over a hundred jars; every platform of an image has the same jars (the same layer). */
    private static final Map<String, Set<String>> CACHE = new ConcurrentHashMap<>();

    private ModuleCoverage() {}

    /** The runtime's modules from its release file, or empty when it has none (then nothing is checked). */
    static Optional<Set<String>> runtimeModules(Path release) throws IOException {
        String modules = releaseValue(release, "MODULES");
        return modules == null
                ? Optional.empty()
                : Optional.of(new TreeSet<>(List.of(modules.trim().split("\\s+"))));
    }

    /** The Java feature release of a runtime (17 for JAVA_VERSION="17.0.15"), or this JVM's when the file says none. */
    static int release(Path release) throws IOException {
        String v = releaseValue(release, "JAVA_VERSION");
        return v == null
                ? Runtime.version().feature()
                : Runtime.Version.parse(v).feature();
    }

    /** A value of a runtime's release file (quotes removed), or null when the file or the key is absent. */
    static String releaseValue(Path release, String key) throws IOException {
        if (!Files.isRegularFile(release)) {
            return null;
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).replace("\"", "");
            }
        }
        return null;
    }

    /** The JDK modules the jars need but the runtime lacks. */
    static Set<String> missing(List<Path> jars, Set<String> runtime, int release) throws IOException {
        String key = release
                + jars.stream()
                        .map(j -> j.getFileName() + ":" + j.toFile().length())
                        .sorted()
                        .collect(Collectors.joining(","));
        Set<String> needed = CACHE.get(key);
        if (needed == null) {
            needed = jdeps(jars, release);
            CACHE.put(key, needed);
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(runtime);
        return missing;
    }

    private static boolean modular(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            return jf.stream().anyMatch(e -> e.getName().endsWith("module-info.class"));
        }
    }

    private static Set<String> jdeps(List<Path> jars, int release) throws IOException {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        String classPath = jars.stream().map(Path::toString).collect(Collectors.joining(":"));
        List<String> cmd = new ArrayList<>(List.of(
                jdeps.toString(),
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                String.valueOf(release),
                "--class-path",
                classPath,
                "--recursive"));
        // a modular jar named as a root is analysed as a module, whose missing optional requires jdeps cannot
        // ignore: those are reached from the others through the class path (the first jar is the application's)
        for (int i = 0; i < jars.size(); i++) {
            if (i == 0 || !modular(jars.get(i))) {
                cmd.add(jars.get(i).toString());
            }
        }
        Tool r = Tool.run(Duration.ofMinutes(10), cmd);
        List<String> lines = r.output().lines().toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        // no output at all: no classes to analyse (in a multi-release jar, none for this release)
        if (r.exit() != 0 || !last.matches("([a-z][\\w.]*(,[a-z][\\w.]*)*)?")) {
            throw new IOException("jdeps --print-module-deps failed (exit " + r.exit() + "): "
                    + lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("no output"));
        }
        return last.isEmpty() ? Set.of() : new TreeSet<>(List.of(last.split(",")));
    }
}
