package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    private List<LayerEntry> entries(Path source) {
        return List.of(
                LayerEntry.file("app/lib/a.jar", 0644, source),
                LayerEntry.symlink("usr/bin/java", "/usr/lib/jvm/jre/bin/java"),
                LayerEntry.directory("tmp", 01777),
                LayerEntry.file("usr/lib/jvm/jre/bin/java", 0755, new byte[] {1, 2, 3}),
                LayerEntry.file("usr/share/a/very/long/path/" + "x".repeat(120) + "/file.txt", 0644, new byte[] {4}));
    }

    @Test
    void writesDigestsThatMatchTheBlobAndItsUncompressedTar() throws IOException {
        Path src = Files.writeString(dir.resolve("a.jar"), "jar bytes");
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        Layer layer = new LayerWriter(1_700_000_000L).write(layout, "t", entries(src));
        Path blob = layout.blob(layer.descriptor().digest());
        assertThat(Files.size(blob)).isEqualTo(layer.descriptor().size());
        assertThat(sha256(Files.newInputStream(blob)))
                .isEqualTo(layer.descriptor().digest());
        assertThat(sha256(new GZIPInputStream(Files.newInputStream(blob)))).isEqualTo(layer.diffId());
    }

    /** GNU tar is the independent reader: names, order (parents first), owners, modes and link targets. */
    @Test
    void gnuTarReadsTheLayerAsRootOwnedSortedEntries() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "GNU tar not installed");
        Path src = Files.writeString(dir.resolve("a.jar"), "jar bytes");
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        Layer layer = new LayerWriter(1_700_000_000L).write(layout, "t", entries(src));
        Process p = new ProcessBuilder(
                        "tar",
                        "--numeric-owner",
                        "-tvzf",
                        layout.blob(layer.descriptor().digest()).toString())
                .redirectErrorStream(true)
                .start();
        List<String> lines =
                new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor()).isZero();
        List<String> names =
                lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
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
        assertThat(names).isNotEmpty();
    }

    @Test
    void sameFilesGiveTheSameDigestWhateverTheirTimestampsOnDisk() throws IOException {
        Path src = Files.writeString(dir.resolve("a.jar"), "jar bytes");
        Layer first = new LayerWriter(1_700_000_000L).write(new OciLayout(dir.resolve("one")), "t", entries(src));
        Files.setLastModifiedTime(src, FileTime.fromMillis(42));
        Layer second = new LayerWriter(1_700_000_000L).write(new OciLayout(dir.resolve("two")), "t", entries(src));
        Layer otherTime = new LayerWriter(1_700_000_001L).write(new OciLayout(dir.resolve("three")), "t", entries(src));
        assertThat(second.descriptor().digest()).isEqualTo(first.descriptor().digest());
        assertThat(otherTime.descriptor().digest())
                .isNotEqualTo(first.descriptor().digest());
    }

    @Test
    void refusesPathsThatLeaveTheRoot() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LayerEntry.directory("usr/../../etc", 0755))
                .hasMessageContaining("not a plain relative path");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LayerEntry.directory("/", 0755))
                .hasMessageContaining("needs a path below the root");
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
