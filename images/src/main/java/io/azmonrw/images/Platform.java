package io.azmonrw.images;

import java.util.Locale;

/** An image platform (linux/amd64, linux/arm64) with the names each tool uses for it. */
public record Platform(String os, String architecture) {

    /** readelf's names of the ELF e_machine values: what a binary's header must say for this architecture. */
    static final String MACHINE_X86_64 = "Advanced Micro Devices X86-64";

    static final String MACHINE_AARCH64 = "AArch64";

    public static Platform parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        if (parts.length != 2 || !parts[0].equals("linux") || !(parts[1].equals("amd64") || parts[1].equals("arm64"))) {
            throw new IllegalArgumentException("unsupported platform '" + text + "' (linux/amd64 or linux/arm64)");
        }
        return new Platform(parts[0], parts[1]);
    }

    /** Debian's architecture name, which for these two is the OCI one. */
    public String debianArch() {
        return architecture;
    }

    public String elfMachine() {
        return architecture.equals("amd64") ? MACHINE_X86_64 : MACHINE_AARCH64;
    }

    /** The multiarch triplet of Debian's library directories. */
    public String triplet() {
        return architecture.equals("amd64") ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
    }

    /** The directory snappy-java picks its native library from on this platform. */
    public String snappyDir() {
        return architecture.equals("amd64") ? "Linux/x86_64" : "Linux/aarch64";
    }

    /** True when binaries of this platform run on the machine building the images. */
    public boolean isHost() {
        String hostArch = System.getProperty("os.arch");
        return os.equals("linux")
                && (architecture.equals("amd64")
                        ? hostArch.equals("amd64") || hostArch.equals("x86_64")
                        : hostArch.equals("aarch64"));
    }

    /**
     * qemu's user-mode emulator for this platform when one is installed (Debian's qemu-user-static), to run its
     * binaries on another architecture. It must be statically linked: it runs inside the image's root.
     */
    public java.util.Optional<java.nio.file.Path> emulator() {
        String name = "qemu-" + (architecture.equals("amd64") ? "x86_64" : "aarch64");
        for (String candidate : java.util.List.of("/usr/bin/" + name + "-static", "/usr/bin/" + name)) {
            java.nio.file.Path q = java.nio.file.Path.of(candidate);
            try {
                if (java.nio.file.Files.isExecutable(q)
                        && Elf.read(q.toRealPath(), candidate).interpreter().isEmpty()) {
                    return java.util.Optional.of(q.toRealPath());
                }
            } catch (java.io.IOException notUsable) {
                // not an ELF file we can read: look at the next candidate
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return os + "/" + architecture;
    }
}
