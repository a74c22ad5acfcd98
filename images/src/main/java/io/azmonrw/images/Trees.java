package io.azmonrw.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Turns a directory on disk into layer entries, owned by root whatever user unpacked it. */
final class Trees {

    private Trees() {}

    /** Every entry under dir, placed under prefix ("" for the image's root); sockets, fifos and devices refused. */
    static List<LayerEntry> fromDirectory(Path dir, String prefix) throws IOException {
        List<LayerEntry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                String rel = dir.relativize(p).toString().replace('\\', '/');
                String path = prefix.isEmpty() ? rel : prefix + "/" + rel;
                int mode = ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
                if (Files.isSymbolicLink(p)) {
                    entries.add(
                            LayerEntry.symlink(path, Files.readSymbolicLink(p).toString()));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(LayerEntry.directory(path, mode));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(LayerEntry.file(path, mode, p));
                } else {
                    throw new IOException(p + " is neither a file, a directory nor a symbolic link: not for an image");
                }
            }
        }
        return entries;
    }

    /** Deletes a file, a symbolic link or a directory tree, never following links out of it; absent is fine. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }

    /** Application files: modes fixed (0644, or 0755 when executable) whatever the build machine's umask left. */
    static List<LayerEntry> normalized(List<LayerEntry> entries) {
        List<LayerEntry> out = new ArrayList<>(entries.size());
        for (LayerEntry e : entries) {
            int mode = switch (e.type()) {
                case DIRECTORY -> 0755;
                case FILE -> (e.mode() & 0111) != 0 ? 0755 : 0644;
                case SYMLINK -> 0777;
            };
            out.add(new LayerEntry(e.path(), e.type(), mode, 0, 0, e.linkTarget(), e.source(), e.content()));
        }
        return out;
    }
}
