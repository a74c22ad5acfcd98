package io.azmonrw.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** One file, directory or symbolic link of a test image's layer, written to disk for the layer writer to pack. */
record LayerEntry(String path, Rootfs.Type type, int mode, int uid, String linkTarget, byte[] content) {

    static LayerEntry directory(String path, int mode) {
        return new LayerEntry(path, Rootfs.Type.DIRECTORY, mode, 0, null, null);
    }

    static LayerEntry file(String path, int mode, byte[] content) {
        return new LayerEntry(path, Rootfs.Type.FILE, mode, 0, null, content);
    }

    static LayerEntry symlink(String path, String target) {
        return new LayerEntry(path, Rootfs.Type.SYMLINK, 0777, 0, target, null);
    }

    /** The entries as a tree under dir (parents made 0755), modes as stated; returns dir. */
    static Path write(Collection<LayerEntry> entries, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (LayerEntry e : entries) {
            Path p = dir.resolve(e.path());
            Files.createDirectories(p.getParent());
            switch (e.type()) {
                case DIRECTORY -> Files.createDirectories(p);
                case FILE -> Files.write(p, e.content());
                case SYMLINK -> Files.createSymbolicLink(p, Path.of(e.linkTarget()));
            }
            if (e.type() != Rootfs.Type.SYMLINK) {
                Files.setAttribute(p, "unix:mode", e.mode());
            }
        }
        return dir;
    }
}
