package io.azmonrw.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Application class-data sharing for the platform the build machine can run (amd64 here): a training run records
 * the classes the service loads, a static dump archives them, and the archive ships only if it measurably
 * shortens startup in the same image, measured alternately with and without it.
 */
final class Cds {

    /** IMAGE_CDS: auto (keep the archive when it helps), on (keep it anyway), off. */
    enum Mode {
        AUTO,
        ON,
        OFF
    }

    static final String ARCHIVE = "/app/app.jsa";
    /** JDK 25's ahead-of-time cache (JEP 483/514/515): classes loaded and linked, and method profiles, from the training. */
    static final String AOT_CACHE = "/app/app.aot";
    /** The first runtime whose AOT cache and compact object headers (JEP 519) are product features. */
    static final int AOT_RUNTIME = 25;

    /** Flag lines the build adds for the image's runtime only (this machine's JVM may not know them). */
    static final List<String> IMAGE_ONLY_FLAGS = List.of("SharedArchiveFile=", "AOTCache=", "+UseCompactObjectHeaders");

    static final int RUNS = 3;
    /** "Measurably": the median with the archive at most this fraction of the median without. */
    static final double KEEP_BELOW = 0.9;

    private final Smoke smoke;
    private final Path workDir;
    private final Mode mode;

    Cds(Smoke smoke, Path workDir, Mode mode) {
        this.smoke = smoke;
        this.workDir = workDir;
        this.mode = mode;
    }

    /** The extra layer's directory (archive + flags naming it), or empty when skipped or not worth it; why goes to report. */
    Optional<Path> train(
            App app,
            Platform platform,
            OciLayout layout,
            List<Layer> layers,
            List<String> env,
            String java,
            List<String> report)
            throws IOException, InterruptedException {
        String where = "CDS " + app.name() + " " + platform;
        if (mode == Mode.OFF) {
            report.add(where + ": off (IMAGE_CDS=off)");
            return Optional.empty();
        }
        String why = platform.isHost()
                ? smoke.unavailable(platform)
                : "an archive is dumped and its gain measured only where the platform runs natively";
        if (why != null) {
            report.add(where + ": skipped: " + why);
            return Optional.empty();
        }
        Map<String, Path> blobs = new LinkedHashMap<>();
        for (Layer l : layers) {
            blobs.put(l.name(), layout.blob(l.descriptor().digest()));
        }
        Rootfs fs = Rootfs.unpack(blobs, Files.createTempDirectory(workDir, "cds-" + app.name() + "-"));
        try {
            return dumpAndMeasure(app, platform, fs, env, java, where, report);
        } finally {
            Trees.deleteTree(fs.dir());
        }
    }

    /**
     * A training run of the image records what the service loads, a second run writes the archive from it (JDK 17:
     * a class list and -Xshare:dump; JDK 25: -XX:AOTMode=record, then create). On 25 the runtime's flags gain compact
     * object headers (JEP 519: smaller objects), with which the cache must be made too.
     */
    private Optional<Path> dumpAndMeasure(
            App app, Platform platform, Rootfs fs, List<String> env, String java, String where, List<String> report)
            throws IOException, InterruptedException {
        List<String> entrypoint = app.entrypoint(java);
        boolean aot = runtimeVersion(fs.dir(), env, java) >= AOT_RUNTIME;
        String plainFlags = Files.readString(app.flags(), StandardCharsets.UTF_8);
        plainFlags += plainFlags.endsWith("\n") ? "" : "\n";
        plainFlags += aot ? "# smaller object headers (JEP 519, Java 25)\n+UseCompactObjectHeaders\n" : "";
        Files.writeString(fs.dir().resolve("app/jvm.flags"), plainFlags);
        Path tmp = smoke.run(
                        app.smoke(),
                        platform,
                        fs.dir(),
                        entrypoint,
                        env,
                        aot
                                ? "-XX:AOTMode=record -XX:AOTConfiguration=/tmp/app.aotconf -Xlog:aot=off -Xlog:cds=off"
                                : "-XX:DumpLoadedClassList=/tmp/classes.lst")
                .tmp();
        Path trained = tmp.resolve(aot ? "app.aotconf" : "classes.lst");
        if (!Files.isRegularFile(trained)) {
            throw new IOException(where + ": the training run wrote no " + (aot ? "AOT configuration" : "class list"));
        }
        if (!aot) {
            // JDK 17 crashes dumping this application's lambda proxies (adjust_lambda_proxy_class_dictionary)
            Files.write(
                    trained,
                    Files.readAllLines(trained).stream()
                            .filter(l -> !l.startsWith("@lambda-"))
                            .toList());
        }
        String archivePath = aot ? AOT_CACHE : ARCHIVE;
        List<String> dump = new ArrayList<>(entrypoint);
        dump.addAll(
                1,
                aot
                        ? List.of(
                                "-XX:AOTMode=create",
                                "-XX:AOTConfiguration=/tmp/app.aotconf",
                                "-XX:AOTCache=/tmp/app.aot",
                                "-Xlog:aot=off",
                                "-Xlog:cds=off")
                        : List.of(
                                "-Xshare:dump",
                                "-XX:SharedClassListFile=/tmp/classes.lst",
                                "-XX:SharedArchiveFile=/tmp/app.jsa",
                                "-Xlog:cds=off",
                                "-Xlog:cds+dynamic=off"));
        Path log = workDir.resolve((aot ? "aot-create-" : "cds-dump-") + app.name() + ".log");
        int rc = smoke.sandbox().exec(fs.dir(), tmp, dump, env, Map.of(), log);
        Path archive = tmp.resolve(archivePath.substring("/app/".length()));
        if (rc != 0 || !Files.isRegularFile(archive)) {
            throw new IOException(where + ": " + (aot ? "creating the AOT cache" : "the archive dump")
                    + " failed (exit " + rc + "), see " + log);
        }
        String archiveFlags = plainFlags
                + (aot
                        ? "# ahead-of-time cache, made by `make images` for this exact image\nAOTCache="
                        : "# application class-data archive, made by `make images` for this exact image\n"
                                + "SharedArchiveFile=")
                + archivePath + "\n";
        return measure(
                app,
                platform,
                fs,
                env,
                entrypoint,
                plainFlags,
                archiveFlags,
                Files.readAllBytes(archive),
                archivePath,
                where,
                report);
    }

    /** Start time without and with the archive, alternating; the layer when it pays (or IMAGE_CDS=on). */
    private Optional<Path> measure(
            App app,
            Platform platform,
            Rootfs fs,
            List<String> env,
            List<String> entrypoint,
            String plainFlags,
            String cdsFlags,
            byte[] archive,
            String archivePath,
            String where,
            List<String> report)
            throws IOException, InterruptedException {
        Path appDir = fs.dir().resolve("app");
        Files.write(fs.dir().resolve(archivePath.substring(1)), archive);
        List<Duration> without = new ArrayList<>();
        List<Duration> with = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Files.writeString(appDir.resolve("jvm.flags"), plainFlags);
            without.add(smoke.run(app.smoke(), platform, fs.dir(), entrypoint, env, null)
                    .startup());
            Files.writeString(appDir.resolve("jvm.flags"), cdsFlags);
            with.add(smoke.run(app.smoke(), platform, fs.dir(), entrypoint, env, null)
                    .startup());
        }
        Duration a = median(without);
        Duration b = median(with);
        boolean keep = mode == Mode.ON || b.toNanos() <= a.toNanos() * KEEP_BELOW;
        byte[] flags = (keep ? cdsFlags : plainFlags).getBytes(StandardCharsets.UTF_8);
        report.add(String.format(
                Locale.ROOT,
                "%s: %s median %.2f s without, %.2f s with the archive (%d runs each, alternating; "
                        + "ratio %.2f): %s, %s",
                where,
                "start to " + app.smoke().health,
                seconds(a),
                seconds(b),
                RUNS,
                seconds(b) / seconds(a),
                keep ? "kept" : "left out (under 10% faster)",
                ImageCheck.mib(archive.length)));
        // the layer: the archive and the flags naming it, or (left out) the runtime's own flag lines (compact headers)
        Path layer = Files.createDirectories(workDir.resolve("cds-layer-" + app.name() + "-" + platform.architecture())
                .resolve("app"));
        Files.write(layer.resolve("jvm.flags"), flags);
        if (keep) {
            Files.write(layer.resolve(archivePath.substring("/app/".length())), archive);
        } else if (!plainFlags.contains("+UseCompactObjectHeaders")
                || Files.readString(app.flags(), StandardCharsets.UTF_8).contains("+UseCompactObjectHeaders")) {
            return Optional.empty();
        }
        return Optional.of(layer.getParent());
    }

    /**
     * The feature version of the image's Java runtime from its release file (JAVA_VERSION="25.0.5") under the image's
     * JAVA_HOME, else next to the entrypoint's java (often /usr/bin/java, a link); 0 when unknown.
     */
    static int runtimeVersion(Path rootfs, List<String> env, String java) throws IOException {
        Path bin = Path.of(java).getParent();
        String home = env.stream()
                .filter(e -> e.startsWith("JAVA_HOME="))
                .map(e -> e.substring("JAVA_HOME=".length()))
                .findFirst()
                .orElse(
                        bin == null || bin.getParent() == null
                                ? "/"
                                : bin.getParent().toString());
        String version = ModuleCoverage.releaseValue(
                rootfs.resolve(home.replaceFirst("^/+", "")).resolve("release"), "JAVA_VERSION");
        return version == null ? 0 : Runtime.Version.parse(version).feature();
    }

    static Duration median(List<Duration> runs) {
        List<Duration> sorted = new ArrayList<>(runs);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
