package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an OCI image layout (a directory, or an oci-archive tar of one): the index, nested indexes (a multi-platform
 * image), manifests and configs, with Docker's media types taken as their OCI equivalents.
 */
final class ImageReader {

    /** A platform's image: its manifest descriptor, manifest JSON and config JSON. */
    record PlatformImage(Platform platform, Descriptor manifestDescriptor, JsonNode manifest, JsonNode config) {
        List<Descriptor> layers() {
            List<Descriptor> l = new ArrayList<>();
            manifest.path("layers").forEach(n -> {
                Descriptor d = Descriptor.fromJson(n);
                l.add(new Descriptor(Descriptor.toOci(d.mediaType()), d.digest(), d.size(), null, d.annotations()));
            });
            return l;
        }

        Descriptor configDescriptor() {
            return Descriptor.fromJson(manifest.path("config"));
        }
    }

    private final Path layout;

    private ImageReader(Path layout) {
        this.layout = layout;
    }

    /** A layout directory as is; an archive is unpacked under workDir first. */
    static ImageReader open(Path path, Path workDir) throws IOException {
        if (Files.isDirectory(path)) {
            return new ImageReader(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is neither an OCI layout directory nor an oci-archive file");
        }
        Path dir = Files.createTempDirectory(workDir, "oci-");
        // GNU tar skips members whose names hold "..", so nothing lands outside dir
        Tool r = Tool.run(
                java.time.Duration.ofMinutes(5),
                List.of("tar", "--extract", "--no-same-owner", "--file=" + path, "--directory=" + dir));
        if (r.exit() != 0) {
            throw new IOException(path + " is not a readable tar (exit " + r.exit() + "): "
                    + r.output().strip());
        }
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            throw new IOException(path + " is not an oci-archive: no index.json (a `docker save` tar is not OCI: "
                    + "convert it with `skopeo copy docker-archive:X oci-archive:Y`)");
        }
        return new ImageReader(dir);
    }

    Path root() {
        return layout;
    }

    Path blob(String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(Digests.hex(digest));
    }

    InputStream openBlob(Descriptor d) throws IOException {
        Path p = blob(d.digest());
        if (!Files.isRegularFile(p)) {
            throw new IOException("blob " + d.digest() + " is missing from " + layout);
        }
        return Files.newInputStream(p);
    }

    JsonNode json(Descriptor d) throws IOException {
        Path p = blob(d.digest());
        if (!Files.isRegularFile(p)) {
            throw new IOException("blob " + d.digest() + " (" + d.mediaType() + ") is missing from " + layout);
        }
        byte[] bytes = Files.readAllBytes(p);
        String actual = Digests.of(bytes);
        if (!actual.equals(d.digest())) {
            throw new IOException("blob " + d.digest() + " has digest " + actual + ": the layout is corrupt");
        }
        return Json.parse(bytes, d.mediaType() + " " + d.digest());
    }

    JsonNode index() throws IOException {
        return Json.parse(Files.readAllBytes(layout.resolve("index.json")), "index.json");
    }

    /** Every platform image reachable from index.json, through nested indexes. */
    List<PlatformImage> images() throws IOException {
        List<PlatformImage> out = new ArrayList<>();
        collect(index(), null, out, 0);
        return out;
    }

    Optional<PlatformImage> image(Platform platform) throws IOException {
        return images().stream().filter(i -> i.platform().equals(platform)).findFirst();
    }

    private void collect(JsonNode index, Platform inherited, List<PlatformImage> out, int depth) throws IOException {
        if (depth > 4) {
            throw new IOException("indexes nested deeper than 4 levels in " + layout);
        }
        for (JsonNode m : index.path("manifests")) {
            Descriptor d = Descriptor.fromJson(m);
            Platform p = d.platform() != null ? d.platform() : inherited;
            switch (Descriptor.toOci(d.mediaType())) {
                case Descriptor.INDEX -> collect(json(d), p, out, depth + 1);
                case Descriptor.MANIFEST -> {
                    JsonNode manifest = json(d);
                    JsonNode config = json(Descriptor.fromJson(manifest.path("config")));
                    Platform actual = new Platform(
                            config.path("os").asText(),
                            config.path("architecture").asText());
                    out.add(new PlatformImage(p != null ? p : actual, d, manifest, config));
                }
                default -> {
                    // attestations and other artifacts are not images to run
                }
            }
        }
    }
}
