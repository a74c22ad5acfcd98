package io.azmonrw.images;

import java.util.ArrayList;
import java.util.List;

/** Finds an ELF file's needed libraries inside an image the way the dynamic loader would (RUNPATH, then the system directories). */
final class Libraries {

    private final Rootfs fs;
    private final List<String> systemDirs;

    Libraries(Rootfs fs, Platform platform, String javaHome) {
        this.fs = fs;
        List<String> dirs = new ArrayList<>(List.of(
                "lib/" + platform.triplet(),
                "usr/lib/" + platform.triplet(),
                "lib",
                "usr/lib",
                "lib64",
                "usr/lib64",
                "usr/local/lib"));
        if (javaHome != null) {
            // libjvm.so is loaded by the launcher before the libraries that name it, so the JDK's own directories count
            dirs.add(javaHome + "/lib");
            dirs.add(javaHome + "/lib/server");
        }
        this.systemDirs = dirs;
    }

    void checkClosure(String path, Elf elf, String where, List<String> problems) {
        String origin = path.contains("!/") || !path.contains("/") ? "" : path.substring(0, path.lastIndexOf('/'));
        for (String lib : elf.needed()) {
            if (!found(lib, origin, elf.runpath())) {
                problems.add(where + ": /" + path + " needs " + lib + ", which is not in the image");
            }
        }
    }

    private boolean found(String lib, String origin, List<String> runpath) {
        for (String rp : runpath) {
            String dir = rp.replace("${ORIGIN}", "/" + origin).replace("$ORIGIN", "/" + origin);
            if (fs.resolve(dir + "/" + lib).isPresent()) {
                return true;
            }
        }
        for (String dir : systemDirs) {
            if (fs.resolve(dir + "/" + lib).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
