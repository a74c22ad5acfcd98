package io.azmonrw.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a package manager's scripts would have made, written directly: the non-root user, a world-writable /tmp,
 * the java command and the JVM's trust store. Everything is owned by root, so the image's user can write only /tmp.
 */
final class SystemFiles {

    /** The image's user, the same numeric id as distroless' "nonroot": no name lookup is needed to run as it. */
    static final int UID = 65532;

    static final String USER = UID + ":" + UID;

    private SystemFiles() {}

    static List<LayerEntry> entries(Path rootfs, String javaHome) throws IOException {
        List<LayerEntry> e = new ArrayList<>();
        e.add(LayerEntry.file(
                "etc/passwd",
                0644,
                ascii("root:x:0:0:root:/root:/usr/sbin/nologin\n" + "nonroot:x:" + UID + ":" + UID
                        + ":nonroot:/tmp:/usr/sbin/nologin\n")));
        e.add(LayerEntry.file("etc/group", 0644, ascii("root:x:0:\nnonroot:x:" + UID + ":\n")));
        e.add(LayerEntry.file("etc/nsswitch.conf", 0644, ascii("passwd: files\ngroup: files\nhosts: files dns\n")));
        e.add(LayerEntry.directory("tmp", 01777));
        e.add(LayerEntry.directory("root", 0700));
        e.add(LayerEntry.symlink("usr/bin/java", javaHome + "/bin/java"));
        Path certs = rootfs.resolve("usr/share/ca-certificates");
        if (!Files.isDirectory(certs)) {
            throw new IOException(certs + " missing: the base needs Debian's ca-certificates package");
        }
        e.add(LayerEntry.file("etc/ssl/certs/java/cacerts", 0644, TrustStore.fromDirectory(certs)));
        return e;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
