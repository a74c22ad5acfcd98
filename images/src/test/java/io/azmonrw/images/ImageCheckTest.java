package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCheckTest {

    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path dir;

    private ImageCheck.Result check(
            Map<Platform, Map<String, LayerEntry>> trees,
            Consumer<com.fasterxml.jackson.databind.node.ObjectNode> tweak)
            throws IOException {
        Path archive = TestImages.archive(dir, trees, tweak);
        return new ImageCheck(List.of(AMD64, ARM64), true, dir).check(archive);
    }

    private Map<Platform, Map<String, LayerEntry>> good() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = new LinkedHashMap<>();
        t.put(AMD64, TestImages.goodTree(AMD64));
        t.put(ARM64, TestImages.goodTree(ARM64));
        return t;
    }

    @Test
    void passesAnImageBuiltRightForBothPlatforms() throws IOException {
        ImageCheck.Result r = check(good(), c -> {});
        assertThat(r.problems()).isEmpty();
        assertThat(r.report()).anyMatch(l -> l.contains("linux/arm64") && l.contains("ELF aarch64"));
        assertThat(r.report()).anyMatch(l -> l.contains("linux/amd64") && l.contains("shell in the image: none"));
        assertThat(r.report())
                .anyMatch(l -> l.contains("JVM defaults") && l.contains("+UseSerialGC MaxRAMPercentage=50"));
    }

    @Test
    void failsWhenAPlatformIsMissing() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        t.remove(ARM64);
        assertThat(check(t, c -> {}).problems()).as("problems").anyMatch(p -> p.contains("no linux/arm64 image"));
    }

    @Test
    void failsWhenTheJavaBinaryIsForTheOtherArchitecture() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        // the arm64 image given the amd64 JVM, as a build that mixed up its root filesystems would
        TestImages.put(t.get(ARM64), t.get(AMD64).get(TestImages.JAVA_HOME + "/bin/java"));
        assertThat(check(t, c -> {}).problems())
                .as("problems")
                .anyMatch(p -> p.contains("linux/arm64") && p.contains("is built for x86-64"));
    }

    @Test
    void failsWhenALibraryTheJvmNeedsIsMissing() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        t.get(AMD64).remove("lib/x86_64-linux-gnu/libz.so.1");
        assertThat(check(t, c -> {}).problems())
                .as("problems")
                .anyMatch(p -> p.contains("needs libz.so.1, which is not in the image"));
    }

    @Test
    void failsWhenANativeLibraryInAJarNeedsSomethingAbsent() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        t.get(ARM64).remove("lib/aarch64-linux-gnu/libstdc++.so.6");
        assertThat(check(t, c -> {}).problems())
                .anyMatch(p -> p.contains("libsnappyjava.so needs libstdc++.so.6") && p.contains("linux/arm64"));
    }

    @Test
    void failsWhenAShellIsInTheImage() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        TestImages.put(
                t.get(AMD64),
                LayerEntry.file("bin/sh", 0755, TestElf.build(TestElf.EM_X86_64, null, List.of(), List.of())));
        assertThat(check(t, c -> {}).problems())
                .as("problems")
                .anyMatch(p -> p.contains("a shell is in the image ([bin/sh])"));
    }

    @Test
    void failsWhenTheEntrypointNeedsAShell() throws IOException {
        ImageCheck.Result r = check(
                good(), c -> c.putArray("Entrypoint").add("/bin/sh").add("-c").add("java -jar /app/app.jar"));
        assertThat(r.problems()).as("problems").anyMatch(p -> p.contains("the entrypoint needs a shell"));
    }

    @Test
    void failsWhenTheImageRunsAsRootOrByName() throws IOException {
        assertThat(check(good(), c -> c.put("User", "0:0")).problems()).anyMatch(p -> p.contains("runs as root"));
        assertThat(check(good(), c -> c.put("User", "nonroot")).problems())
                .anyMatch(p -> p.contains("is not a numeric uid"));
    }

    @Test
    void failsWhenTheUserCouldWriteOutsideTmp() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        TestImages.put(t.get(AMD64), new LayerEntry("app/cache", Rootfs.Type.DIRECTORY, 0755, 65532, null, null));
        TestImages.put(t.get(ARM64), LayerEntry.directory("var/log", 0777));
        ImageCheck.Result r = check(t, c -> {});
        assertThat(r.problems()).as("problems").anyMatch(p -> p.contains("/app/cache is owned by the image's user"));
        assertThat(r.problems()).as("problems").anyMatch(p -> p.contains("world-writable besides /tmp: [/var/log]"));
    }

    @Test
    void failsWhenTmpIsNotStickyAndWorldWritable() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        TestImages.put(t.get(AMD64), LayerEntry.directory("tmp", 0755));
        assertThat(check(t, c -> {}).problems())
                .as("problems")
                .anyMatch(p -> p.contains("/tmp is missing or not mode 1777 (755)"));
    }

    @Test
    void failsWhenTheImageSetsJavaToolOptions() throws IOException {
        ImageCheck.Result r = check(good(), c -> c.withArray("Env").add("JAVA_TOOL_OPTIONS=-Xmx64m"));
        assertThat(r.problems()).as("problems").anyMatch(p -> p.contains("sets JAVA_TOOL_OPTIONS"));
    }

    @Test
    void failsOnAMalformedFlagsFileOrAMissingClassPathJar() throws IOException {
        Map<Platform, Map<String, LayerEntry>> t = good();
        TestImages.put(t.get(AMD64), LayerEntry.file("app/jvm.flags", 0644, "-Xmx64m\n".getBytes()));
        t.get(ARM64).remove("app/lib/native.jar");
        ImageCheck.Result r = check(t, c -> {});
        // the host's JVM is the judge of the flags file: it refuses what the image's JVM would refuse at start
        assertThat(r.problems()).as("problems").anyMatch(p -> p.contains("/app/jvm.flags") && p.contains("Xmx64m"));
        assertThat(r.problems())
                .as("problems")
                .anyMatch(p -> p.contains("Class-Path entry /app/lib/native.jar is not in the image"));
    }

    @Test
    void failsWhenALayerBlobIsCorrupt() throws IOException {
        Path archive = TestImages.archive(dir, good(), c -> {});
        Path layout = dir.resolve("unpacked");
        ImageReader reader = ImageReader.open(archive, Files.createDirectories(layout));
        Descriptor layer = reader.images().get(0).layers().get(0);
        try (RandomAccessFile f =
                new RandomAccessFile(reader.blob(layer.digest()).toFile(), "rw")) {
            f.seek(layer.size() / 2);
            int b = f.read();
            f.seek(layer.size() / 2);
            f.write(b ^ 0x55);
        }
        ImageCheck.Result r = new ImageCheck(List.of(AMD64, ARM64), true, dir).check(reader.root());
        // either the digest differs or the gzip stream breaks first: both must fail the check
        assertThat(r.problems())
                .as("problems")
                .anyMatch(p ->
                        p.contains("content does not match its descriptor") || p.contains("is not a readable layer"));
    }
}
