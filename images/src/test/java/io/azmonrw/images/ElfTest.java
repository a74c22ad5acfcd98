package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ElfTest {

    @Test
    void readsMachineInterpreterNeededAndRunpathOfABuiltFile() throws IOException {
        byte[] bytes = TestElf.build(Platform.EM_AARCH64, "/lib/ld-linux-aarch64.so.1", List.of("libz.so.1", "libc.so.6"),
                List.of("$ORIGIN/../lib"));
        Elf elf = Elf.parse(bytes, "java");
        assertThat(elf.machine()).isEqualTo(183);
        assertThat(elf.interpreter()).contains("/lib/ld-linux-aarch64.so.1");
        assertThat(elf.needed()).containsExactly("libz.so.1", "libc.so.6");
        assertThat(elf.runpath()).containsExactly("$ORIGIN/../lib");
    }

    /** binutils' readelf is the oracle: the host JDK's java launcher must read the same through both. */
    @Test
    void agreesWithReadelfOnTheHostJavaLauncher() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Optional<Path> readelf = List.of("/usr/bin/readelf", "/bin/readelf").stream().map(Path::of).filter(Files::isExecutable).findFirst();
        assumeTrue(readelf.isPresent(), "readelf (binutils) not installed");
        Process p = new ProcessBuilder(readelf.get().toString(), "-d", "-l", java.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        List<String> needed = new ArrayList<>();
        Matcher m = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]").matcher(out);
        while (m.find()) {
            needed.add(m.group(1));
        }
        Matcher interp = Pattern.compile("Requesting program interpreter: ([^\\]]+)\\]").matcher(out);
        Elf elf = Elf.parse(Files.readAllBytes(java), java.toString());
        assertThat(needed).isNotEmpty();
        assertThat(elf.needed()).containsExactlyElementsOf(needed);
        assertThat(interp.find()).isTrue();
        assertThat(elf.interpreter()).contains(interp.group(1));
        assertThat(elf.machine()).isEqualTo(System.getProperty("os.arch").equals("aarch64") ? 183 : 62);
    }

    @Test
    void rejectsTruncatedAndForeignFiles() {
        byte[] good = TestElf.build(Platform.EM_X86_64, null, List.of("libc.so.6"), List.of());
        assertThatThrownBy(() -> Elf.parse(java.util.Arrays.copyOf(good, 80), "short")).hasMessageContaining("truncated or malformed");
        assertThatThrownBy(() -> Elf.parse("#!/bin/sh\n".getBytes(), "script")).hasMessageContaining("not an ELF file");
    }
}
