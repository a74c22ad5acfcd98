package io.azmonrw.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a package manager's scripts would have made, written into the root filesystem: the non-root user, a
 * world-writable /tmp, the java command and the JVM's trust store. The layer makes everything owned by root, so the
 * image's user can write only /tmp.
 */
final class SystemFiles {

    /** The image's user, the same numeric id as distroless' "nonroot": no name lookup is needed to run as it. */
    static final int UID = 65532;

    static final String USER = UID + ":" + UID;

    private SystemFiles() {}

    static void write(Path rootfs, String javaHome) throws IOException {
        file(
                rootfs,
                "etc/passwd",
                "root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:" + UID + ":" + UID
                        + ":nonroot:/tmp:/usr/sbin/nologin\n");
        file(rootfs, "etc/group", "root:x:0:\nnonroot:x:" + UID + ":\n");
        file(rootfs, "etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");
        Files.setAttribute(Files.createDirectories(rootfs.resolve("tmp")), "unix:mode", 01777);
        Files.setAttribute(Files.createDirectories(rootfs.resolve("root")), "unix:mode", 0700);
        Path java = rootfs.resolve("usr/bin/java");
        Files.createDirectories(java.getParent());
        Files.deleteIfExists(java);
        Files.createSymbolicLink(java, Path.of(javaHome + "/bin/java"));
        Path certs = rootfs.resolve("usr/share/ca-certificates");
        if (!Files.isDirectory(certs)) {
            throw new IOException(certs + " missing: the base needs Debian's ca-certificates package");
        }
        Path cacerts =
                Files.createDirectories(rootfs.resolve("etc/ssl/certs/java")).resolve("cacerts");
        Files.write(cacerts, TrustStore.fromDirectory(certs));
        Files.setAttribute(cacerts, "unix:mode", 0644);
    }

    private static void file(Path rootfs, String path, String content) throws IOException {
        Path p = rootfs.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.US_ASCII);
        Files.setAttribute(p, "unix:mode", 0644);
    }
}
