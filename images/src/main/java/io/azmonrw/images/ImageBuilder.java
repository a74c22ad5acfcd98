package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles each application's multi-platform image: the base's layers per platform, then the dependencies and the
 * jar (the same bytes, so the same layers, on every platform), then on amd64 the class-data archive when it helps.
 */
final class ImageBuilder {

    private final ImagesConfig config;
    private final BaseImage base;
    private final Cds cds;
    private final LayerWriter writer;

    ImageBuilder(ImagesConfig config, BaseImage base, Cds cds) {
        this.config = config;
        this.base = base;
        this.cds = cds;
        this.writer = new LayerWriter(config.sourceDateEpoch());
    }

    /** Builds every app's archive; returns the report lines. */
    List<String> build(List<App> apps) throws IOException, InterruptedException {
        List<String> report = new ArrayList<>();
        Path stage = config.workDir().resolve("oci-stage");
        Trees.deleteTree(stage);
        Files.createDirectories(config.outDir());
        OciLayout shared = new OciLayout(stage.resolve("base"));
        Map<Platform, BaseImage.Part> parts = new LinkedHashMap<>();
        for (Platform p : config.platforms()) {
            parts.put(p, base.write(p, shared, writer));
        }
        for (App app : apps) {
            for (Path required : List.of(app.jar(), app.lib(), app.flags())) {
                if (!Files.exists(required)) {
                    throw new IOException(required + " missing: run `make build` first");
                }
            }
            OciLayout layout = new OciLayout(stage.resolve(app.name()));
            Path libTree = stage.resolve(app.name() + "-lib");
            Trees.copy(app.lib(), libTree.resolve("app/lib"));
            Layer lib = writer.write(layout, "lib", libTree, LayerWriter.APP_FILES);
            Path jarTree = stage.resolve(app.name() + "-app");
            Trees.copy(app.jar(), jarTree.resolve("app").resolve(app.jar().getFileName()));
            Trees.copy(app.flags(), jarTree.resolve("app/jvm.flags"));
            Layer jar = writer.write(layout, "app", jarTree, LayerWriter.APP_FILES);
            List<Descriptor> manifests = new ArrayList<>();
            for (Map.Entry<Platform, BaseImage.Part> e : parts.entrySet()) {
                Platform platform = e.getKey();
                BaseImage.Part part = e.getValue();
                for (Layer l : part.layers()) {
                    link(
                            shared.blob(l.descriptor().digest()),
                            layout.blob(l.descriptor().digest()));
                }
                List<Layer> layers = new ArrayList<>(part.layers());
                layers.add(lib);
                layers.add(jar);
                Optional<Path> archive = cds.train(app, platform, layout, layers, part.env(), part.java(), report);
                if (archive.isPresent()) {
                    layers.add(writer.write(layout, "cds", archive.get(), LayerWriter.APP_FILES));
                }
                ObjectNode cfg = imageConfig(app, platform, part, layers);
                Descriptor c = layout.writeJson(Descriptor.CONFIG, cfg);
                manifests.add(layout.writeJson(Descriptor.MANIFEST, manifest(c, layers))
                        .withPlatform(platform));
            }
            Descriptor imageIndex = layout.writeJson(Descriptor.INDEX, OciLayout.index(manifests))
                    .withAnnotations(Map.of(
                            "org.opencontainers.image.ref.name",
                            config.tag(),
                            "io.containerd.image.name",
                            config.registry() + "/" + app.name() + ":" + config.tag()));
            layout.writeIndex(imageIndex);
            Path out = config.archive(app);
            layout.pack(out, config.sourceDateEpoch());
            report.add(out.getFileName() + ": " + config.platforms() + ", " + ImageCheck.mib(Files.size(out))
                    + ", index " + imageIndex.digest());
        }
        return report;
    }

    private ObjectNode imageConfig(App app, Platform platform, BaseImage.Part part, List<Layer> layers) {
        String created = Instant.ofEpochSecond(config.sourceDateEpoch()).toString();
        ObjectNode cfg = Json.MAPPER.createObjectNode();
        cfg.put("created", created);
        cfg.put("architecture", platform.architecture());
        cfg.put("os", platform.os());
        ObjectNode c = cfg.putObject("config");
        c.put("User", SystemFiles.USER);
        ArrayNode env = c.putArray("Env");
        part.env().forEach(env::add);
        ArrayNode ep = c.putArray("Entrypoint");
        app.entrypoint(part.java()).forEach(ep::add);
        c.put("WorkingDir", "/app");
        ObjectNode ports = c.putObject("ExposedPorts");
        app.ports().forEach(p -> ports.putObject(p + "/tcp"));
        c.put("StopSignal", "SIGTERM");
        ObjectNode labels = c.putObject("Labels");
        labels.put("org.opencontainers.image.title", app.name());
        labels.put("org.opencontainers.image.description", app.description());
        labels.put("org.opencontainers.image.version", config.tag());
        labels.put("org.opencontainers.image.created", created);
        if (!config.revision().isEmpty()) {
            labels.put("org.opencontainers.image.revision", config.revision());
        }
        labels.put("org.opencontainers.image.base.name", base.describe());
        ObjectNode rootfs = cfg.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.diffId()));
        ArrayNode history = cfg.putArray("history");
        for (JsonNode h : part.history()) {
            history.add(h);
        }
        for (Layer l : layers.subList(part.layers().size(), layers.size())) {
            history.addObject()
                    .put("created", created)
                    .put(
                            "created_by",
                            "make images: "
                                    + switch (l.name()) {
                                        case "lib" -> "/app/lib (the jar's dependencies)";
                                        case "app" -> app.jarInImage() + " and /app/jvm.flags";
                                        default -> "/app/app.jsa (class-data archive) and /app/jvm.flags naming it";
                                    });
        }
        return cfg;
    }

    private static ObjectNode manifest(Descriptor config, List<Layer> layers) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", Descriptor.MANIFEST);
        m.set("config", config.toJson());
        ArrayNode l = m.putArray("layers");
        layers.forEach(layer -> l.add(layer.descriptor().toJson()));
        return m;
    }

    private static void link(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            return;
        }
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to);
        }
    }
}
