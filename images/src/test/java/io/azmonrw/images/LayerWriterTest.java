package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {

    @TempDir
    Path dir;

    private Path tree(Path source) throws IOException {
        List<LayerEntry> entries = List.of(
                LayerEntry.file("app/lib/a.jar", 0644, Files.readAllBytes(source)),
                LayerEntry.symlink("usr/bin/java", "/usr/lib/jvm/jre/bin/java"),
                LayerEntry.directory("tmp", 01777),
                LayerEntry.file("usr/lib/jvm/jre/bin/java", 0755, new byte[] {1, 2, 3}),
                LayerEntry.file("usr/share/a/very/long/path/" + "x".repeat(120) + "/file.txt", 0644, new byte[] {4}));
        Path dir = LayerEntry.write(entries, Files.createTempDirectory(this.dir, "tree-"));
        Files.setLastModifiedTime(dir.resolve("app/lib/a.jar"), Files.getLastModifiedTime(source));
        return dir;
    }

    @Test
    void writesDigestsThatMatchTheBlobAndItsUncompressedTar() throws IOException {
        Path src = Files.writeString(dir.resolve("a.jar"), "jar bytes");
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        Layer layer = new LayerWriter(1_700_000_000L).write(layout, "t", tree(src), List.of());
        Path blob = layout.blob(layer.descriptor().digest());
        assertThat(Files.size(blob)).isEqualTo(layer.descriptor().size());
        assertThat(sha256(Files.newInputStream(blob)))
                .isEqualTo(layer.descriptor().digest());
        assertThat(sha256(new GZIPInputStream(Files.newInputStream(blob)))).isEqualTo(layer.diffId());
    }

    /** GNU tar is the reader: names, order (parents first), owner 0:0 whoever wrote the tree, modes and link targets. */
    @Test
    void gnuTarReadsTheLayerAsRootOwnedSortedEntries() throws Exception {
        Path src = Files.writeString(dir.resolve("a.jar"), "jar bytes");
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        Layer layer = new LayerWriter(1_700_000_000L).write(layout, "t", tree(src), List.of());
        List<String> lines = listing(layout.blob(layer.descriptor().digest()));
        assertThat(lines.stream().map(l -> l.split("\\s+")[5]).toList())
                .containsExactly(
                        "app/",
                        "app/lib/",
                        "app/lib/a.jar",
                        "tmp/",
                        "usr/",
                        "usr/bin/",
                        "usr/bin/java",
                        "usr/lib/",
                        "usr/lib/jvm/",
                        "usr/lib/jvm/jre/",
                        "usr/lib/jvm/jre/bin/",
                        "usr/lib/jvm/jre/bin/java",
                        "usr/share/",
                        "usr/share/a/",
                        "usr/share/a/very/",
                        "usr/share/a/very/long/",
                        "usr/share/a/very/long/path/",
                        "usr/share/a/very/long/path/" + "x".repeat(120) + "/",
                        "usr/share/a/very/long/path/" + "x".repeat(120) + "/file.txt");
        assertThat(lines).allMatch(l -> l.split("\\s+")[1].equals("0/0"));
        assertThat(lines).anyMatch(l -> l.startsWith("drwxrwxrwt") && l.endsWith(" tmp/"));
        assertThat(lines).anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" usr/lib/jvm/jre/bin/java"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("lrwxrwxrwx") && l.endsWith("usr/bin/java -> /usr/lib/jvm/jre/bin/java"));
    }

    @Test
    void sameFilesGiveTheSameDigestWhateverTheirTimestampsOnDisk() throws IOException {
        Path src = Files.writeString(dir.resolve("a.jar"), "jar bytes");
        Layer first =
                new LayerWriter(1_700_000_000L).write(new OciLayout(dir.resolve("one")), "t", tree(src), List.of());
        Files.setLastModifiedTime(src, FileTime.fromMillis(42));
        Layer second =
                new LayerWriter(1_700_000_000L).write(new OciLayout(dir.resolve("two")), "t", tree(src), List.of());
        Layer otherTime =
                new LayerWriter(1_700_000_001L).write(new OciLayout(dir.resolve("three")), "t", tree(src), List.of());
        assertThat(second.descriptor().digest()).isEqualTo(first.descriptor().digest());
        assertThat(otherTime.descriptor().digest())
                .isNotEqualTo(first.descriptor().digest());
    }

    @Test
    void applicationFilesGetReadableModesWhateverTheUmaskLeft() throws Exception {
        Path tree = LayerEntry.write(
                List.of(
                        LayerEntry.directory("app/lib", 0700),
                        LayerEntry.file("app/lib/a.jar", 0600, new byte[] {1}),
                        LayerEntry.file("app/run", 0700, new byte[] {2})),
                dir.resolve("app-tree"));
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        Layer layer = new LayerWriter(0).write(layout, "t", tree, LayerWriter.APP_FILES);
        assertThat(listing(layout.blob(layer.descriptor().digest())))
                .anyMatch(l -> l.startsWith("drwxr-xr-x") && l.endsWith(" app/lib/"))
                .anyMatch(l -> l.startsWith("-rw-r--r--") && l.endsWith(" app/lib/a.jar"))
                .anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" app/run"));
    }

    private static List<String> listing(Path blob) throws Exception {
        Process p = new ProcessBuilder("tar", "--numeric-owner", "-tvzf", blob.toString())
                .redirectErrorStream(true)
                .start();
        List<String> lines =
                new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor()).isZero();
        return lines;
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
