package io.azmonrw.images;

import io.azmonrw.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `make images` entry point: {@code build} writes the archives and checks them; {@code check ARCHIVE...} only checks. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int rc;
        try {
            ImagesConfig config = ImagesConfig.from(System.getenv());
            // unpacked root filesystems are hundreds of MiB each: keep only this run's (and its logs, for a failure)
            Trees.deleteTree(config.workDir().resolve("scratch"));
            String command = args.length > 0 ? args[0] : "build";
            rc = switch (command) {
                case "build" -> build(config);
                case "check" ->
                    check(
                            config,
                            args.length > 1
                                    ? List.of(args).subList(1, args.length).stream()
                                            .map(Path::of)
                                            .toList()
                                    : App.all(config.root()).stream()
                                            .map(config::archive)
                                            .toList());
                default -> {
                    System.err.println("images: unknown command '" + command + "' (build or check ARCHIVE...)");
                    yield 2;
                }
            };
        } catch (ConfigException e) {
            System.err.println("images: invalid configuration: " + e.getMessage());
            rc = 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("images: " + e.getMessage());
            rc = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rc = 130;
        }
        System.exit(rc);
    }

    private static int build(ImagesConfig config) throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        BaseImage base = config.debianBase()
                ? new BaseImage.Debian(config.workDir())
                : new BaseImage.Oci(
                        ImageReader.open(
                                config.root().resolve(config.base()),
                                Files.createDirectories(config.workDir().resolve("base"))),
                        config.base());
        try (Smoke smoke = smoke(config)) {
            ImageBuilder builder = new ImageBuilder(config, base, new Cds(smoke, scratch(config), config.cds()));
            builder.build(App.all(config.root())).forEach(line -> System.out.println("images: " + line));
        }
        return check(
                config, App.all(config.root()).stream().map(config::archive).toList());
    }

    private static int check(ImagesConfig config, List<Path> archives) throws IOException, InterruptedException {
        Path scratch = scratch(config);
        ImageCheck checker = new ImageCheck(config.platforms(), config.debianBase(), scratch);
        List<String> problems = new ArrayList<>();
        try (Smoke smoke = smoke(config)) {
            runChecks(config, checker, smoke, archives, problems);
        }
        problems.forEach(p -> System.err.println("check: FAILED: " + p));
        System.out.println(
                problems.isEmpty() ? "check: all images passed" : "check: " + problems.size() + " problem(s)");
        return problems.isEmpty() ? 0 : 1;
    }

    private static void runChecks(
            ImagesConfig config, ImageCheck checker, Smoke smoke, List<Path> archives, List<String> problems)
            throws IOException, InterruptedException {
        for (Path archive : archives) {
            ImageCheck.Result r = checker.check(archive);
            r.report().forEach(line -> System.out.println("check: " + line));
            problems.addAll(r.problems());
            for (var e : r.rootfs().entrySet()) {
                String why = smoke.unavailable(e.getKey());
                String where = archive.getFileName() + " " + e.getKey();
                if (why != null) {
                    System.out.println("check: " + where + ": not run here (" + why + "); checked statically above");
                    continue;
                }
                var c = r.configs().get(e.getKey()).path("config");
                List<String> entrypoint = Json.strings(c.path("Entrypoint"));
                List<String> env = Json.strings(c.path("Env"));
                String title =
                        c.path("Labels").path("org.opencontainers.image.title").asText();
                Smoke.Kind kind = title.endsWith("-webhook") ? Smoke.Kind.WEBHOOK : Smoke.Kind.PROXY;
                try {
                    Smoke.Outcome o = smoke.run(kind, e.getKey(), e.getValue().dir(), entrypoint, env, null);
                    System.out.printf(
                            java.util.Locale.ROOT,
                            "check: %s: ran%s as %s with a read-only root: %s; healthy %.2f s after"
                                    + " start; wrote only %s under /tmp, nothing elsewhere%n",
                            where,
                            e.getKey().isHost() ? "" : " emulated (qemu-user)",
                            SystemFiles.USER,
                            o.proven(),
                            o.startup().toNanos() / 1e9,
                            o.written().isEmpty() ? "nothing" : o.written());
                    System.out.println("check: " + where + ": "
                            + JvmDefaultsCheck.run(
                                    smoke.sandbox().forPlatform(e.getKey()),
                                    e.getValue().dir(),
                                    entrypoint,
                                    env,
                                    scratch(config)));
                } catch (IOException ex) {
                    problems.add(where + ": " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
                }
            }
            for (Rootfs fs : r.rootfs().values()) {
                Trees.deleteTree(fs.dir());
            }
            if (r.unpacked().isPresent()) {
                Trees.deleteTree(r.unpacked().get());
            }
        }
    }

    private static Smoke smoke(ImagesConfig config) {
        return new Smoke(
                new Sandbox(config.root().resolve("images/rootfs-run.sh"), scratch(config), config.emulate()),
                config.root().resolve("webhook/src/test/resources/pods/kps-prometheus.json"),
                scratch(config));
    }

    private static Path scratch(ImagesConfig config) {
        Path p = config.workDir().resolve("scratch");
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
