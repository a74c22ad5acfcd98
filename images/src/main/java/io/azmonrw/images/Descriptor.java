package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a manifest or index says about a blob. */
public record Descriptor(
        String mediaType, String digest, long size, Platform platform, Map<String, String> annotations) {

    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public Descriptor {
        Digests.hex(digest);
        annotations = annotations == null ? Map.of() : Map.copyOf(new TreeMap<>(annotations));
    }

    public Descriptor(String mediaType, String digest, long size) {
        this(mediaType, digest, size, null, null);
    }

    Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, p, annotations);
    }

    Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, platform, a);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("mediaType", mediaType);
        n.put("digest", digest);
        n.put("size", size);
        if (platform != null) {
            n.putObject("platform").put("architecture", platform.architecture()).put("os", platform.os());
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = n.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        return n;
    }

    static Descriptor fromJson(JsonNode n) {
        Platform p = null;
        JsonNode pn = n.path("platform");
        if (pn.isObject()) {
            p = new Platform(pn.path("os").asText(), pn.path("architecture").asText());
        }
        Map<String, String> a = new TreeMap<>();
        n.path("annotations")
                .properties()
                .forEach(e -> a.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(
                n.path("mediaType").asText(),
                n.path("digest").asText(),
                n.path("size").asLong(),
                p,
                a);
    }

    /** Docker's media types for the same bytes, mapped to OCI's, so a base saved from a Docker registry is accepted. */
    static String toOci(String mediaType) {
        return switch (mediaType) {
            case DOCKER_LIST -> INDEX;
            case DOCKER_MANIFEST -> MANIFEST;
            case DOCKER_CONFIG -> CONFIG;
            case DOCKER_LAYER_GZIP -> LAYER_GZIP;
            default -> mediaType;
        };
    }
}
