package io.azmonrw.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the image check needs of an ELF file, as binutils' {@code readelf} reads it (it reads any architecture's
 * files): the machine it was built for, its program interpreter, the libraries it needs (DT_NEEDED) and where it
 * looks for them (DT_RUNPATH, DT_RPATH).
 */
record Elf(String machine, Optional<String> interpreter, List<String> needed, List<String> runpath) {

    private static final Pattern MACHINE = Pattern.compile("^\\s*Machine:\\s+(.+?)\\s*$", Pattern.MULTILINE);
    private static final Pattern INTERPRETER = Pattern.compile("Requesting program interpreter: ([^\\]]+)\\]");
    private static final Pattern NEEDED = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]");
    private static final Pattern RUNPATH =
            Pattern.compile("\\((?:RUNPATH|RPATH)\\)\\s+Library r(?:un)?path: \\[([^\\]]*)\\]");

    /** Reads a file; name is how problems name it. */
    static Elf read(Path file, String name) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F') {
                throw new IOException(name + " is not an ELF file");
            }
        }
        Tool r = Tool.run(
                Duration.ofSeconds(60),
                List.of("readelf", "--file-header", "--program-headers", "--dynamic", "--wide", file.toString()));
        Optional<String> error =
                r.output().lines().filter(l -> l.startsWith("readelf: Error:")).findFirst();
        Matcher machine = MACHINE.matcher(r.output());
        if (r.exit() != 0 || error.isPresent() || !machine.find()) {
            throw new IOException(
                    name + " is a truncated or malformed ELF file (" + error.orElse("readelf exit " + r.exit()) + ")");
        }
        Matcher interp = INTERPRETER.matcher(r.output());
        List<String> runpath = new ArrayList<>();
        all(RUNPATH, r.output())
                .forEach(rp -> List.of(rp.split(":")).stream()
                        .filter(x -> !x.isEmpty())
                        .forEach(runpath::add));
        return new Elf(
                machine.group(1),
                interp.find() ? Optional.of(interp.group(1)) : Optional.empty(),
                all(NEEDED, r.output()),
                runpath);
    }

    /** Reads an ELF file held in memory (a native library inside a jar). */
    static Elf read(byte[] bytes, String name) throws IOException {
        Path tmp = Files.createTempFile("elf-", ".so");
        try {
            return read(Files.write(tmp, bytes), name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        for (Matcher m = p.matcher(text); m.find(); ) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The short name people use for readelf's machine names. */
    static String machineName(String machine) {
        return machine.equals(Platform.MACHINE_X86_64)
                ? "x86-64"
                : machine.equals(Platform.MACHINE_AARCH64) ? "aarch64" : machine;
    }
}
