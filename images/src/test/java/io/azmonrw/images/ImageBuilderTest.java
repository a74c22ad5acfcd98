package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder on a user's OCI base (the route for a public JRE image): no container engine, no network. */
class ImageBuilderTest {

    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path dir;

    private Path baseArchive() throws IOException {
        Map<Platform, Map<String, LayerEntry>> trees = new LinkedHashMap<>();
        for (Platform p : List.of(AMD64, ARM64)) {
            Map<String, LayerEntry> t = TestImages.goodTree(p);
            t.keySet().removeIf(k -> k.startsWith("app/"));
            trees.put(p, t);
        }
        return TestImages.archive(Files.createDirectories(dir.resolve("base-src")), trees, c -> {});
    }

    private App app() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("app/target/lib"));
        Files.write(
                lib.resolve("native.jar"),
                TestImages.jar(
                        null,
                        Map.of(
                                "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so",
                                        TestElf.build(TestElf.EM_X86_64, null, List.of("libstdc++.so.6"), List.of()),
                                "org/xerial/snappy/native/Linux/aarch64/libsnappyjava.so",
                                        TestElf.build(
                                                TestElf.EM_AARCH64, null, List.of("libstdc++.so.6"), List.of()))));
        Path jar = dir.resolve("app/target/azmon-rw-test.jar");
        Files.write(jar, TestImages.jar("lib/native.jar", Map.of("x/Main.class", new byte[] {1})));
        Path flags = Files.writeString(dir.resolve("app/test.flags"), "+UseSerialGC\n");
        return new App("azmon-rw-test", "test app", jar, lib, flags, List.of(8081), Smoke.Kind.PROXY);
    }

    private Path build(String out, Path base) throws IOException, InterruptedException {
        ImagesConfig config = ImagesConfig.from(Map.of(
                "PROJECT_ROOT",
                dir.toString(),
                "IMAGE_BASE",
                base.toString(),
                "IMAGE_WORK_DIR",
                "work-" + out,
                "IMAGE_OUT_DIR",
                out,
                "IMAGE_CDS",
                "off",
                "SOURCE_DATE_EPOCH",
                "1700000000",
                "IMAGE_TAG",
                "1.2.3"));
        Path scratch = Files.createDirectories(config.workDir().resolve("scratch"));
        BaseImage b = new BaseImage.Oci(ImageReader.open(base, scratch), "test-base");
        Cds off = new Cds(new Smoke(new Sandbox(dir, scratch, false), dir, scratch), scratch, Cds.Mode.OFF);
        new ImageBuilder(config, b, off).build(List.of(app()));
        return config.archive(app());
    }

    @Test
    void layersTheAppOnAnOciBaseAndPassesTheCheck() throws Exception {
        Path base = baseArchive();
        Path archive = build("out", base);
        assertThat(archive.getFileName().toString()).isEqualTo("azmon-rw-test-1.2.3.oci.tar");
        ImageCheck.Result r = new ImageCheck(List.of(AMD64, ARM64), false, Files.createDirectories(dir.resolve("chk")))
                .check(archive);
        assertThat(r.problems()).isEmpty();
        // two base layers (one per platform) + lib + app, the last two shared by both platforms
        assertThat(r.report()).contains("azmon-rw-test-1.2.3.oci.tar: 4 distinct layers, 2 shared between platforms");

        ImageReader built = ImageReader.open(archive, Files.createDirectories(dir.resolve("r1")));
        ImageReader original = ImageReader.open(base, Files.createDirectories(dir.resolve("r2")));
        assertThat(built.index()
                        .path("manifests")
                        .get(0)
                        .path("annotations")
                        .path("org.opencontainers.image.ref.name")
                        .asText())
                .isEqualTo("1.2.3");
        for (Platform p : List.of(AMD64, ARM64)) {
            ImageReader.PlatformImage img = built.image(p).orElseThrow();
            assertThat(img.layers().get(0).digest())
                    .isEqualTo(original.image(p).orElseThrow().layers().get(0).digest());
            JsonNode c = img.config().path("config");
            List<String> entrypoint = new ArrayList<>();
            c.path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
            // JAVA_HOME of the base names the java binary; the defaults come through the flags file, not
            // JAVA_TOOL_OPTIONS
            assertThat(entrypoint)
                    .containsExactly(
                            "/usr/lib/jvm/jre/bin/java", "-XX:Flags=/app/jvm.flags", "-jar", "/app/azmon-rw-test.jar");
            assertThat(c.path("User").asText()).isEqualTo("65532:65532");
            assertThat(c.path("Env").toString())
                    .contains("JAVA_HOME=/usr/lib/jvm/jre")
                    .doesNotContain("JAVA_TOOL_OPTIONS");
            assertThat(img.config().path("architecture").asText()).isEqualTo(p.architecture());
            assertThat(img.config().path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        }
    }

    @Test
    void buildingTwiceGivesByteIdenticalArchives() throws Exception {
        Path base = baseArchive();
        Path first = build("one", base);
        Path second = build("two", base);
        assertThat(LayerWriterTest.sha256(Files.newInputStream(second)))
                .isEqualTo(LayerWriterTest.sha256(Files.newInputStream(first)));
    }
}
