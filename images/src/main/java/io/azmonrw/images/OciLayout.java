package io.azmonrw.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** An OCI image layout directory (oci-layout, index.json, blobs/sha256) being written, and its packing into an archive. */
final class OciLayout {

    private final Path root;
    private final Path blobs;

    OciLayout(Path root) throws IOException {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
        Files.createDirectories(blobs);
        Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    Path root() {
        return root;
    }

    Path blob(String digest) {
        return blobs.resolve(Digests.hex(digest));
    }

    Path newTempBlob() throws IOException {
        return Files.createTempFile(blobs, ".incoming-", ".tmp");
    }

    Descriptor commitBlob(Path tmp, String digest, long size, String mediaType) throws IOException {
        Path target = blob(digest);
        if (!Files.exists(target)) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Descriptor(mediaType, digest, size);
    }

    Descriptor writeJson(String mediaType, ObjectNode json) throws IOException {
        byte[] bytes = Json.bytes(json);
        String digest = Digests.of(bytes);
        Path target = blob(digest);
        if (!Files.exists(target)) {
            Files.write(target, bytes);
        }
        return new Descriptor(mediaType, digest, bytes.length);
    }

    /** Copies a blob of another layout, checking its digest on the way: a corrupt base must not pass into our image. */
    Descriptor copyBlob(InputStream in, Descriptor d) throws IOException {
        Path tmp = newTempBlob();
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            String actual = Digests.of(tmp);
            if (!actual.equals(d.digest()) || Files.size(tmp) != d.size()) {
                throw new IOException("base blob " + d.digest() + " has digest " + actual + " and " + Files.size(tmp)
                        + " bytes (descriptor says " + d.size() + ")");
            }
            return commitBlob(tmp, d.digest(), d.size(), d.mediaType());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** An image index listing these manifests (or indexes). */
    static ObjectNode index(List<Descriptor> manifests) {
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", Descriptor.INDEX);
        ArrayNode list = index.putArray("manifests");
        manifests.forEach(m -> list.add(m.toJson()));
        return index;
    }

    /** index.json, the layout's entry point, naming one descriptor (our multi-platform index). */
    void writeIndex(Descriptor top) throws IOException {
        Files.write(root.resolve("index.json"), Json.bytes(index(List.of(top))));
    }

    /** Packs the layout as an uncompressed tar (the oci-archive format skopeo, podman and crane read). */
    void pack(Path archive, long mtimeSeconds) throws IOException {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        new LayerWriter(mtimeSeconds).tar(root, tmp, List.of(LayerWriter.APP_FILES.get(0), "--exclude=.incoming-*"));
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
