package io.azmonrw.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Small images for the checks: a file tree shaped like our Debian base (a JVM whose ELF files name their libraries,
 * an application jar whose Class-Path holds a jar with a snappy-style native library), packed by hand so that each
 * test can break one thing.
 */
final class TestImages {

    static final String JAVA_HOME = "usr/lib/jvm/jre";

    private TestImages() {}

    /** A tree that passes every check for this platform. */
    static Map<String, LayerEntry> goodTree(Platform p) throws IOException {
        Map<String, LayerEntry> t = new LinkedHashMap<>();
        int m = p.architecture().equals("amd64") ? TestElf.EM_X86_64 : TestElf.EM_AARCH64;
        String libDir = "lib/" + p.triplet();
        String loader = p.architecture().equals("amd64") ? "ld-linux-x86-64.so.2" : "ld-linux-aarch64.so.1";
        String interp = p.architecture().equals("amd64") ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1";
        put(t, LayerEntry.file(libDir + "/" + loader, 0755, TestElf.build(m, null, List.of(), List.of())));
        if (p.architecture().equals("amd64")) {
            put(t, LayerEntry.symlink("lib64/" + loader, "/" + libDir + "/" + loader));
        } else {
            put(t, LayerEntry.symlink("lib/" + loader, p.triplet() + "/" + loader));
        }
        for (String lib : List.of("libc.so.6", "libm.so.6", "libstdc++.so.6")) {
            put(t, LayerEntry.file(libDir + "/" + lib, 0644, TestElf.build(m, null, List.of(), List.of())));
        }
        put(t, LayerEntry.file(libDir + "/libz.so.1", 0644, TestElf.build(m, null, List.of("libc.so.6"), List.of())));
        put(
                t,
                LayerEntry.file(
                        JAVA_HOME + "/bin/java",
                        0755,
                        TestElf.build(
                                m, interp, List.of("libz.so.1", "libjli.so", "libc.so.6"), List.of("$ORIGIN/../lib"))));
        for (String lib : RuntimeCheck.JVM_LIBS) {
            List<String> needed = lib.endsWith("libjava.so") ? List.of("libjvm.so", "libc.so.6") : List.of("libc.so.6");
            put(t, LayerEntry.file(JAVA_HOME + "/" + lib, 0644, TestElf.build(m, null, needed, List.of())));
        }
        put(t, LayerEntry.symlink("usr/bin/java", "/" + JAVA_HOME + "/bin/java"));
        put(t, LayerEntry.directory("tmp", 01777));
        put(
                t,
                LayerEntry.file(
                        "app/lib/native.jar",
                        0644,
                        jar(
                                null,
                                Map.of(
                                        "org/xerial/snappy/native/" + p.snappyDir() + "/libsnappyjava.so",
                                        TestElf.build(m, null, List.of("libstdc++.so.6", "libm.so.6"), List.of())))));
        put(t, LayerEntry.file("app/app.jar", 0644, jar("lib/native.jar", Map.of("x/Main.class", new byte[] {1}))));
        put(
                t,
                LayerEntry.file(
                        "app/jvm.flags",
                        0644,
                        "# defaults\n+UseSerialGC\nMaxRAMPercentage=50\n".getBytes(StandardCharsets.US_ASCII)));
        return t;
    }

    static void put(Map<String, LayerEntry> tree, LayerEntry e) {
        tree.put(e.path(), e);
    }

    static ObjectNode goodConfig() {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("User", "65532:65532");
        c.putArray("Env").add("PATH=/usr/sbin:/usr/bin:/sbin:/bin").add("JAVA_HOME=/" + JAVA_HOME);
        c.putArray("Entrypoint")
                .add("/usr/bin/java")
                .add("-XX:Flags=/app/jvm.flags")
                .add("-jar")
                .add("/app/app.jar");
        c.putObject("Labels").put("org.opencontainers.image.title", "azmon-rw-test");
        return c;
    }

    /** Packs one image per platform (each tree as a single layer) under a nested index, as `make images` does. */
    static Path archive(Path dir, Map<Platform, Map<String, LayerEntry>> trees, Consumer<ObjectNode> configTweak)
            throws IOException {
        OciLayout layout = new OciLayout(Files.createTempDirectory(dir, "layout-"));
        LayerWriter writer = new LayerWriter(1_700_000_000L);
        List<Descriptor> manifests = new ArrayList<>();
        for (Map.Entry<Platform, Map<String, LayerEntry>> e : trees.entrySet()) {
            // the root-owned tree as one layer; entries owned by another user above it, as tar records their owner
            List<Layer> layers = new ArrayList<>();
            for (int uid : e.getValue().values().stream()
                    .map(LayerEntry::uid)
                    .distinct()
                    .sorted()
                    .toList()) {
                Path tree = LayerEntry.write(
                        e.getValue().values().stream()
                                .filter(x -> x.uid() == uid)
                                .toList(),
                        Files.createTempDirectory(dir, "tree-"));
                layers.add(writer.write(layout, "uid" + uid, tree, List.of("--owner=" + uid, "--group=" + uid)));
            }
            ObjectNode cfg = Json.MAPPER.createObjectNode();
            cfg.put("architecture", e.getKey().architecture()).put("os", "linux");
            ObjectNode c = goodConfig();
            configTweak.accept(c);
            cfg.set("config", c);
            ArrayNode diffIds = cfg.putObject("rootfs").put("type", "layers").putArray("diff_ids");
            layers.forEach(l -> diffIds.add(l.diffId()));
            Descriptor config = layout.writeJson(Descriptor.CONFIG, cfg);
            ObjectNode manifest = Json.MAPPER.createObjectNode();
            manifest.put("schemaVersion", 2).put("mediaType", Descriptor.MANIFEST);
            manifest.set("config", config.toJson());
            ArrayNode layerList = manifest.putArray("layers");
            layers.forEach(l -> layerList.add(l.descriptor().toJson()));
            manifests.add(layout.writeJson(Descriptor.MANIFEST, manifest).withPlatform(e.getKey()));
        }
        layout.writeIndex(layout.writeJson(Descriptor.INDEX, OciLayout.index(manifests)));
        Path out = Files.createTempFile(dir, "image-", ".oci.tar");
        layout.pack(out, 1_700_000_000L);
        return out;
    }

    /** 2023-11-14T22:13:20Z, the tests' SOURCE_DATE_EPOCH. */
    static final long FIXED_JAR_TIME = 1_700_000_000_000L;

    static byte[] jar(String classPath, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // a fixed time on every entry, manifest included: the same arguments give the same bytes, so that two builds
        // a second apart (the reproducibility test) are fed identical jars
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            JarEntry manifest = new JarEntry(java.util.jar.JarFile.MANIFEST_NAME);
            manifest.setTime(FIXED_JAR_TIME);
            out.putNextEntry(manifest);
            mf.write(out);
            out.closeEntry();
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTime(FIXED_JAR_TIME);
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
