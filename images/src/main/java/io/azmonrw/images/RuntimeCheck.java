package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * The static half of "does it run": the entrypoint's binary, its architecture and every library it, the JVM and the
 * jars' native code need, the JVM flags file, and the jar's Class-Path, all resolved inside the image.
 */
final class RuntimeCheck {

    /** The JVM libraries a headless server loads; each must be there with its own dependencies. */
    static final List<String> JVM_LIBS = List.of(
            "lib/server/libjvm.so",
            "lib/libjli.so",
            "lib/libjava.so",
            "lib/libjimage.so",
            "lib/libzip.so",
            "lib/libnet.so",
            "lib/libnio.so",
            "lib/libverify.so",
            "lib/libextnet.so",
            "lib/libmanagement.so",
            "lib/libmanagement_ext.so");

    private static final Pattern SHELL = Pattern.compile("(.*/)?(sh|bash|dash|ash|zsh|busybox)");

    private RuntimeCheck() {}

    static void checkEntrypoint(
            JsonNode c, Rootfs fs, Platform platform, String where, List<String> report, List<String> problems)
            throws IOException {
        List<String> argv = Json.strings(c.path("Entrypoint"));
        argv.addAll(Json.strings(c.path("Cmd")));
        report.add(where + ": entrypoint " + argv);
        if (argv.isEmpty()) {
            problems.add(where + ": no Entrypoint or Cmd");
            return;
        }
        if (SHELL.matcher(argv.get(0)).matches()) {
            problems.add(where + ": the entrypoint needs a shell (" + argv.get(0) + ")");
        }
        List<String> env = Json.strings(c.path("Env"));
        for (String e : env) {
            if (e.startsWith("JAVA_TOOL_OPTIONS=") || e.startsWith("JDK_JAVA_OPTIONS=")) {
                problems.add(where + ": the image sets " + e.substring(0, e.indexOf('='))
                        + ": a user's value would replace its defaults");
            }
        }
        Optional<String> exe = locate(argv.get(0), env, fs);
        if (exe.isEmpty()) {
            problems.add(where + ": entrypoint " + argv.get(0) + " is not in the image");
            return;
        }
        Rootfs.Meta m = fs.entries().get(exe.get());
        if (m == null || (m.mode() & 0111) == 0) {
            problems.add(where + ": /" + exe.get() + " is not executable");
        }
        Elf java = elf(fs, exe.get(), where, problems);
        if (java == null) {
            return;
        }
        report.add(where + ": /" + exe.get() + ": ELF " + Elf.machineName(java.machine()) + ", interpreter "
                + java.interpreter().orElse("none"));
        if (!java.machine().equals(platform.elfMachine())) {
            problems.add(where + ": /" + exe.get() + " is built for " + Elf.machineName(java.machine()) + ", not "
                    + platform);
        }
        String home = exe.get().endsWith("/bin/java")
                ? exe.get().substring(0, exe.get().length() - "/bin/java".length())
                : null;
        Libraries libs = new Libraries(fs, platform, home);
        java.interpreter().ifPresent(i -> {
            if (fs.resolve(i).isEmpty()) {
                problems.add(where + ": program interpreter " + i + " is not in the image");
            }
        });
        libs.checkClosure(exe.get(), java, where, problems);
        int checked = 1;
        if (home != null) {
            for (String lib : JVM_LIBS) {
                String path = home + "/" + lib;
                Elf e = elf(fs, path, where, problems);
                if (e != null) {
                    libs.checkClosure(path, e, where, problems);
                    checked++;
                }
            }
        }
        List<Path> jars = new ArrayList<>();
        checked += checkJar(argv, fs, platform, libs, where, report, problems, jars);
        if (home != null) {
            checkModules(fs, home, jars, where, report, problems);
        }
        report.add(where + ": " + checked + " ELF files, every library they need found in the image");
        checkFlags(argv, fs, where, report, problems);
    }

    static Optional<String> locate(String argv0, List<String> env, Rootfs fs) {
        if (argv0.startsWith("/")) {
            return fs.resolve(argv0);
        }
        String path = env.stream()
                .filter(e -> e.startsWith("PATH="))
                .map(e -> e.substring(5))
                .findFirst()
                .orElse("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            Optional<String> r = fs.resolve(dir + "/" + argv0);
            if (r.isPresent()
                    && fs.entries().get(r.get()) != null
                    && fs.entries().get(r.get()).type() == Rootfs.Type.FILE) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static Elf elf(Rootfs fs, String imagePath, String where, List<String> problems) throws IOException {
        Optional<Path> f = ImageCheck.file(fs, imagePath);
        if (f.isEmpty()) {
            problems.add(where + ": /" + imagePath + " is not in the image");
            return null;
        }
        try {
            return Elf.read(f.get(), "/" + imagePath);
        } catch (IOException e) {
            problems.add(where + ": " + e.getMessage());
            return null;
        }
    }

    /** The -jar's Class-Path entries exist, and native libraries for this platform inside those jars load here. */
    private static int checkJar(
            List<String> argv,
            Rootfs fs,
            Platform platform,
            Libraries libs,
            String where,
            List<String> report,
            List<String> problems,
            List<Path> jars)
            throws IOException {
        int j = argv.indexOf("-jar");
        if (j < 0 || j + 1 >= argv.size()) {
            report.add(where + ": no -jar in the entrypoint: class path not checked");
            return 0;
        }
        Optional<Path> jar = ImageCheck.file(fs, argv.get(j + 1));
        if (jar.isEmpty()) {
            problems.add(where + ": " + argv.get(j + 1) + " is not in the image");
            return 0;
        }
        jars.add(jar.get());
        String jarDir = argv.get(j + 1).substring(0, argv.get(j + 1).lastIndexOf('/'));
        List<String> classPath = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.get().toFile())) {
            String cp = jf.getManifest() == null
                    ? null
                    : jf.getManifest().getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String entry : cp.trim().split("\\s+")) {
                    classPath.add(jarDir + "/" + entry);
                }
            }
        }
        int elves = 0;
        for (String entry : classPath) {
            Optional<Path> f = ImageCheck.file(fs, entry);
            if (f.isEmpty()) {
                problems.add(where + ": Class-Path entry " + entry + " is not in the image");
                continue;
            }
            jars.add(f.get());
            elves += nativeLibs(f.get(), entry, platform, libs, where, problems);
        }
        report.add(where + ": " + argv.get(j + 1) + ": " + classPath.size() + " Class-Path jars, all present");
        return elves;
    }

    private static void checkModules(
            Rootfs fs, String home, List<Path> jars, String where, List<String> report, List<String> problems)
            throws IOException {
        Optional<Path> release = ImageCheck.file(fs, home + "/release");
        Optional<java.util.Set<String>> modules =
                release.isPresent() ? ModuleCoverage.runtimeModules(release.get()) : Optional.empty();
        if (modules.isEmpty()) {
            report.add(where + ": the runtime lists no modules (no release file): module coverage not checked");
            return;
        }
        java.util.Set<String> missing =
                ModuleCoverage.missing(jars, modules.get(), ModuleCoverage.release(release.get()));
        missing.forEach(module -> problems.add(where + ": the runtime lacks module " + module
                + ", which the application uses" + " (jdeps --print-module-deps): add it to images/jre-modules.txt"));
        report.add(where + ": runtime of " + modules.get().size() + " modules; every JDK module the " + jars.size()
                + " jars need (jdeps) is one of them" + (missing.isEmpty() ? "" : " except " + missing));
    }

    private static int nativeLibs(
            Path jar, String name, Platform platform, Libraries libs, String where, List<String> problems)
            throws IOException {
        String arch = platform.architecture().equals("amd64")
                ? "(x86_64|x86-64|x86_64-linux-gnu)"
                : "(aarch64|aarch_64|aarch64-linux-gnu)";
        Pattern mine =
                Pattern.compile("(.*native/Linux/" + arch + "/.*\\.so|META-INF/native/lib[^/]*[_-]" + arch + "\\.so)");
        int n = 0;
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> en = jf.entries(); en.hasMoreElements(); ) {
                ZipEntry ze = en.nextElement();
                if (!mine.matcher(ze.getName()).matches()) {
                    continue;
                }
                String label = name + "!/" + ze.getName();
                Elf e;
                try {
                    e = Elf.read(jf.getInputStream(ze).readAllBytes(), label);
                } catch (IOException ex) {
                    problems.add(where + ": " + ex.getMessage());
                    continue;
                }
                if (!e.machine().equals(platform.elfMachine())) {
                    problems.add(where + ": " + label + " is built for " + Elf.machineName(e.machine()));
                }
                libs.checkClosure(label, e, where, problems);
                n++;
            }
        }
        return n;
    }

    private static void checkFlags(
            List<String> argv, Rootfs fs, String where, List<String> report, List<String> problems) throws IOException {
        Optional<String> flagsArg =
                argv.stream().filter(a -> a.startsWith("-XX:Flags=")).findFirst();
        if (flagsArg.isEmpty()) {
            return;
        }
        String path = flagsArg.get().substring("-XX:Flags=".length());
        Optional<Path> f = ImageCheck.file(fs, path);
        if (f.isEmpty()) {
            problems.add(where + ": JVM flags file " + path + " is not in the image");
            return;
        }
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(f.get())) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            flags.add(t);
        }
        String refused = refusedByJvm(flags);
        if (refused != null) {
            problems.add(where + ": " + path + " is refused by the JVM: " + refused);
        }
        report.add(
                where + ": JVM defaults (" + path + ", JAVA_TOOL_OPTIONS overrides them): " + String.join(" ", flags));
    }

    /**
     * Lets this machine's JVM (the same major version as the image's, for our Debian base) read the flags file, so a
     * misspelt or removed flag fails here rather than at the pod's start. The lines the build adds for the image's own
     * runtime ({@link Cds#IMAGE_ONLY_FLAGS}: the archive, Java 25's flags) are left out: the image's JVM reads them in
     * the run check.
     */
    static String refusedByJvm(List<String> flags) throws IOException {
        Path file = Files.createTempFile("jvm-", ".flags");
        try {
            Files.write(
                    file,
                    flags.stream()
                            .filter(f -> Cds.IMAGE_ONLY_FLAGS.stream().noneMatch(f::startsWith))
                            .toList());
            Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
            Tool r = Tool.run(
                    java.time.Duration.ofSeconds(60),
                    List.of(launcher.toString(), "-XX:Flags=" + file, "-Xshare:off", "-version"));
            return r.exit() == 0
                    ? null
                    : r.output().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + r.exit());
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
