package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElfTest {

    @Test
    void readsMachineInterpreterNeededAndRunpathOfABuiltFile() throws IOException {
        byte[] bytes = TestElf.build(
                TestElf.EM_AARCH64,
                "/lib/ld-linux-aarch64.so.1",
                List.of("libz.so.1", "libc.so.6"),
                List.of("$ORIGIN/../lib"));
        Elf elf = Elf.read(bytes, "java");
        assertThat(elf.machine()).isEqualTo("AArch64");
        assertThat(Elf.machineName(elf.machine())).isEqualTo("aarch64");
        assertThat(elf.interpreter()).contains("/lib/ld-linux-aarch64.so.1");
        assertThat(elf.needed()).containsExactly("libz.so.1", "libc.so.6");
        assertThat(elf.runpath()).containsExactly("$ORIGIN/../lib");
        assertThat(Elf.read(TestElf.build(TestElf.EM_X86_64, null, List.of(), List.of()), "x")
                        .machine())
                .isEqualTo(Platform.MACHINE_X86_64);
    }

    /** The host's java launcher: built for the host, loaded by the loader path the platform's ABI fixes. */
    @Test
    void readsTheHostJavaLauncher() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Elf elf = Elf.read(java, java.toString());
        boolean arm = System.getProperty("os.arch").equals("aarch64");
        assertThat(elf.machine()).isEqualTo(arm ? "AArch64" : "Advanced Micro Devices X86-64");
        assertThat(elf.interpreter()).contains(arm ? "/lib/ld-linux-aarch64.so.1" : "/lib64/ld-linux-x86-64.so.2");
        assertThat(elf.needed()).contains("libc.so.6");
    }

    @Test
    void rejectsTruncatedAndForeignFiles() {
        byte[] good = TestElf.build(TestElf.EM_X86_64, null, List.of("libc.so.6"), List.of());
        assertThatThrownBy(() -> Elf.read(java.util.Arrays.copyOf(good, 80), "short"))
                .hasMessageContaining("short is a truncated or malformed");
        assertThatThrownBy(() -> Elf.read("#!/bin/sh\n".getBytes(), "script")).hasMessage("script is not an ELF file");
    }
}
