package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where an image's Java runtime comes from: Debian's packages (the default) or a user's OCI base image. */
sealed interface BaseImage permits BaseImage.Debian, BaseImage.Oci {

    /** The base's part of one platform's image. */
    record Part(List<Layer> layers, List<String> env, String java, List<JsonNode> history, boolean shellless) {}

    Part write(Platform platform, OciLayout layout, LayerWriter writer) throws IOException;

    String describe();

    /** A root filesystem made by debian-rootfs.sh from Debian's packages, plus the files their scripts would make. */
    record Debian(Path workDir) implements BaseImage {
        @Override
        public Part write(Platform platform, OciLayout layout, LayerWriter writer) throws IOException {
            Path rootfs = workDir.resolve("rootfs-" + platform.debianArch());
            Path homeFile = workDir.resolve("java-home-" + platform.debianArch() + ".txt");
            if (!Files.isDirectory(rootfs) || !Files.isRegularFile(homeFile)) {
                throw new IOException(
                        rootfs + " missing: run images/debian-rootfs.sh " + platform.debianArch() + " " + workDir);
            }
            String javaHome = Files.readString(homeFile).trim();
            SystemFiles.write(rootfs, javaHome);
            Layer layer = writer.write(layout, "debian", rootfs, List.of());
            String packages = Files.isRegularFile(workDir.resolve("packages-" + platform.debianArch() + ".txt"))
                    ? Files.readString(workDir.resolve("packages-" + platform.debianArch() + ".txt"))
                            .trim()
                            .replace('\n', ',')
                    : "?";
            ObjectNode h = Json.MAPPER
                    .createObjectNode()
                    .put("created_by", "images/debian-rootfs.sh " + platform.debianArch())
                    .put("comment", "Debian packages: " + packages);
            // MALLOC_ARENA_MAX: glibc's arenas for the JVM's native allocations, two rather than eight per core (less
            // resident memory in a sidecar with a small limit; the heap is the JVM's own)
            return new Part(
                    List.of(layer),
                    List.of(
                            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                            "JAVA_HOME=" + javaHome,
                            "LANG=C.UTF-8",
                            "MALLOC_ARENA_MAX=2"),
                    "/usr/bin/java",
                    List.of(h),
                    true);
        }

        @Override
        public String describe() {
            return "Debian packages (" + workDir + ")";
        }
    }

    /** An OCI layout or archive, for example a public JRE image saved with `skopeo copy --all`. */
    record Oci(ImageReader reader, String source) implements BaseImage {
        @Override
        public Part write(Platform platform, OciLayout layout, LayerWriter writer) throws IOException {
            ImageReader.PlatformImage base = reader.image(platform)
                    .orElseThrow(() -> new IOException("base image " + source + " has no " + platform
                            + " image (copy it with skopeo copy --all)"));
            List<Descriptor> layers = base.layers();
            JsonNode diffIds = base.config().path("rootfs").path("diff_ids");
            if (diffIds.size() != layers.size()) {
                throw new IOException("base image " + source + " " + platform + ": " + layers.size() + " layers but "
                        + diffIds.size() + " diff_ids");
            }
            List<Layer> out = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Descriptor d = layers.get(i);
                if (!d.mediaType().equals(Descriptor.LAYER_GZIP)
                        && !d.mediaType().equals(Descriptor.LAYER_TAR)) {
                    throw new IOException(
                            "base image " + source + ": layer media type " + d.mediaType() + " not supported");
                }
                try (InputStream in = reader.openBlob(d)) {
                    out.add(new Layer(layout.copyBlob(in, d), diffIds.get(i).asText(), "base " + (i + 1)));
                }
            }
            List<String> env = new ArrayList<>();
            String javaHome = null;
            for (JsonNode e : base.config().path("config").path("Env")) {
                env.add(e.asText());
                if (e.asText().startsWith("JAVA_HOME=")) {
                    javaHome = e.asText().substring("JAVA_HOME=".length());
                }
            }
            List<JsonNode> history = new ArrayList<>();
            base.config().path("history").forEach(history::add);
            // without JAVA_HOME the runtime finds java on the image's PATH, as `docker run` does for a Dockerfile's
            // ENTRYPOINT
            return new Part(out, env, javaHome != null ? javaHome + "/bin/java" : "java", history, false);
        }

        @Override
        public String describe() {
            return "OCI base " + source;
        }
    }
}
