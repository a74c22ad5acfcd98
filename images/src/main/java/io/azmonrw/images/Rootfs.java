package io.azmonrw.images;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image's merged file system: its layers applied in order (whiteouts honoured) into a directory, with each
 * path's tar metadata (type, mode, owner, link target) kept as the image states it, whoever unpacked it.
 */
final class Rootfs {

    /** What the image says of one path. */
    record Meta(Type type, int mode, int uid, int gid, String linkTarget, String layer) {}

    /** The kinds of entries an image of ours holds (hard links become files, devices and fifos are refused). */
    enum Type {
        DIRECTORY,
        FILE,
        SYMLINK
    }

    private static final int MAX_SYMLINK_HOPS = 40;

    private final Path dir;
    private final Map<String, Meta> meta = new TreeMap<>();

    private Rootfs(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Map<String, Meta> entries() {
        return meta;
    }

    /** Applies the layers (gzip or plain tar blobs) in order into an empty directory. */
    static Rootfs unpack(Map<String, Path> layersInOrder, Path target) throws IOException {
        Files.createDirectories(target);
        // the image's "/" (a temporary directory starts as 0700, which would lock the image's user out of everything)
        Files.setAttribute(target, "unix:mode", 0755);
        Rootfs fs = new Rootfs(target);
        for (Map.Entry<String, Path> layer : layersInOrder.entrySet()) {
            fs.apply(layer.getKey(), layer.getValue());
        }
        return fs;
    }

    private void apply(String layerName, Path blob) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(blob), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gunzipIfNeeded(raw))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String path;
                try {
                    path = normalize(e.getName());
                } catch (IllegalArgumentException root) {
                    continue; // "./" itself
                }
                Path p = dir.resolve(path).normalize();
                if (!p.startsWith(dir)) {
                    throw new IOException("layer " + layerName + ": " + e.getName() + " escapes the root");
                }
                String name = p.getFileName().toString();
                if (name.equals(".wh..wh..opq")) {
                    String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                    clear(p.getParent(), parent);
                    continue;
                }
                if (name.startsWith(".wh.")) {
                    Path victim = p.resolveSibling(name.substring(4));
                    Trees.deleteTree(victim);
                    String vp = dir.relativize(victim).toString();
                    meta.keySet().removeIf(k -> k.equals(vp) || k.startsWith(vp + "/"));
                    continue;
                }
                Files.createDirectories(p.getParent());
                if (!p.getParent().toRealPath().startsWith(dir.toRealPath())) {
                    // a parent that is a symbolic link is resolved on the host here: never let it lead out of the root
                    throw new IOException(
                            "layer " + layerName + ": " + e.getName() + " is under a symbolic link leaving the root");
                }
                int mode = e.getMode() & 07777;
                if (e.isDirectory()) {
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Trees.deleteTree(p);
                        Files.createDirectory(p);
                    }
                    meta.put(path, meta(e, Type.DIRECTORY, mode, null, layerName));
                } else if (e.isSymbolicLink()) {
                    Trees.deleteTree(p);
                    Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                    meta.put(path, meta(e, Type.SYMLINK, 0777, e.getLinkName(), layerName));
                } else if (e.isLink()) {
                    String target = normalize(e.getLinkName());
                    Trees.deleteTree(p);
                    Files.copy(dir.resolve(target), p);
                    Meta m = meta.get(target);
                    meta.put(path, meta(e, Type.FILE, m != null ? m.mode() : mode, null, layerName));
                } else if (e.isFile()) {
                    Trees.deleteTree(p);
                    Files.copy(tar, p);
                    Files.setAttribute(p, "unix:mode", mode);
                    // the image's time: a class-data archive or AOT cache made from this tree records the jars' times,
                    // and the JVM refuses it (silently, as "timestamp has changed") where they differ
                    Files.setLastModifiedTime(
                            p,
                            java.nio.file.attribute.FileTime.from(e.getModTime().toInstant()));
                    meta.put(path, meta(e, Type.FILE, mode, null, layerName));
                } else {
                    throw new IOException("layer " + layerName + ": " + e.getName() + " is a device, fifo or socket");
                }
            }
        }
        // directory modes last: a read-only directory must not stop its own children from being written
        for (Map.Entry<String, Meta> m : meta.entrySet()) {
            if (m.getValue().type() == Type.DIRECTORY) {
                Files.setAttribute(
                        dir.resolve(m.getKey()), "unix:mode", m.getValue().mode());
            }
        }
    }

    private static Meta meta(TarArchiveEntry e, Type type, int mode, String link, String layer) {
        return new Meta(type, mode, (int) e.getLongUserId(), (int) e.getLongGroupId(), link, layer);
    }

    /** "usr/bin/java" for "/usr/bin/java", "./usr/bin/java/" and so on; refuses ".." so no entry escapes the root. */
    static String normalize(String path) {
        String p = path.replace('\\', '/').replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
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

    private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private void clear(Path directory, String prefix) throws IOException {
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(directory)) {
                for (Path child : (Iterable<Path>) s::iterator) {
                    Trees.deleteTree(child);
                }
            }
        }
        meta.keySet().removeIf(k -> prefix.isEmpty() || k.startsWith(prefix + "/"));
    }

    /**
     * Follows symbolic links the way the kernel would inside the image (absolute targets from the image's root),
     * returning the final path, or empty when the chain is broken, loops or leaves the image.
     */
    Optional<String> resolve(String path) {
        Optional<String> start = collapse(path);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        String current = start.get();
        for (int hops = 0; hops < MAX_SYMLINK_HOPS; hops++) {
            String[] parts = current.split("/");
            StringBuilder done = new StringBuilder();
            boolean restarted = false;
            for (int i = 0; i < parts.length; i++) {
                String candidate = done.isEmpty() ? parts[i] : done + "/" + parts[i];
                Meta m = meta.get(candidate);
                if (m == null) {
                    return Optional.empty();
                }
                if (m.type() == Type.SYMLINK) {
                    String target = m.linkTarget();
                    String base = target.startsWith("/") ? "" : done.toString();
                    String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                    String joined = (base.isEmpty() ? "" : base + "/") + target + (rest.isEmpty() ? "" : "/" + rest);
                    Optional<String> norm = collapse(joined);
                    if (norm.isEmpty()) {
                        return Optional.empty();
                    }
                    current = norm.get();
                    restarted = true;
                    break;
                }
                done.setLength(0);
                done.append(candidate);
            }
            if (!restarted) {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> collapse(String path) {
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (out.isEmpty()) {
                    continue; // ".." at the root stays at the root, as in the kernel
                }
                out.removeLast();
            } else {
                out.addLast(part);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join("/", out));
    }
}
