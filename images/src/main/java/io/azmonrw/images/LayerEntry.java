package io.azmonrw.images;

import java.nio.file.Path;

/**
 * One file, directory or symbolic link of a layer, as it will read in the image: the path is relative to the
 * image's root, the owner and mode are what the tar header says (never the builder's own user).
 */
public record LayerEntry(
        String path, Type type, int mode, int uid, int gid, String linkTarget, Path source, byte[] content) {

    /** The kinds of entries an image of ours holds (no devices, fifos or hard links). */
    public enum Type {
        DIRECTORY,
        FILE,
        SYMLINK
    }

    public LayerEntry {
        path = normalize(path);
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException(
                    path + ": mode " + Integer.toOctalString(mode) + " has more than permission bits");
        }
    }

    public static LayerEntry directory(String path, int mode) {
        return new LayerEntry(path, Type.DIRECTORY, mode, 0, 0, null, null, null);
    }

    public static LayerEntry file(String path, int mode, byte[] content) {
        return new LayerEntry(path, Type.FILE, mode, 0, 0, null, null, content);
    }

    public static LayerEntry file(String path, int mode, Path source) {
        return new LayerEntry(path, Type.FILE, mode, 0, 0, null, source, null);
    }

    public static LayerEntry symlink(String path, String target) {
        return new LayerEntry(path, Type.SYMLINK, 0777, 0, 0, target, null, null);
    }

    /** "usr/bin/java" for "/usr/bin/java", "./usr/bin/java/" and so on; refuses ".." so no entry escapes the root. */
    static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("an entry needs a path below the root: '" + path + "'");
        }
        for (String part : p.split("/")) {
            if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                throw new IllegalArgumentException("entry path '" + path + "' is not a plain relative path");
            }
        }
        return p;
    }
}
