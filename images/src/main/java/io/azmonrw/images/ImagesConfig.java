package io.azmonrw.images;

import io.azmonrw.common.config.EnvReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The image tool's settings, read once from the environment `make images` passes; every problem reported together. */
record ImagesConfig(
        Path root,
        String registry,
        String tag,
        List<Platform> platforms,
        String base,
        Path workDir,
        Path outDir,
        Cds.Mode cds,
        boolean emulate,
        long sourceDateEpoch,
        String revision) {

    static ImagesConfig from(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        Path root = Path.of(r.string("PROJECT_ROOT", ".")).toAbsolutePath().normalize();
        String registry = r.string("IMAGE_REGISTRY", "ghcr.io/azmon-rw");
        String tag = r.string("IMAGE_TAG", "0.1.0");
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            r.problem("IMAGE_TAG", "'" + tag + "' is not a valid image tag");
        }
        List<Platform> platforms = new ArrayList<>();
        for (String p : r.list("IMAGE_PLATFORMS", List.of("linux/amd64", "linux/arm64"))) {
            try {
                platforms.add(Platform.parse(p));
            } catch (IllegalArgumentException e) {
                r.problem("IMAGE_PLATFORMS", e.getMessage());
            }
        }
        String base = r.string("IMAGE_BASE", "debian");
        Path workDir = root.resolve(r.string("IMAGE_WORK_DIR", "images/target"));
        Path outDir = root.resolve(r.string("IMAGE_OUT_DIR", "images/target/oci"));
        Cds.Mode cds = r.enumValue("IMAGE_CDS", Cds.Mode.class, Cds.Mode.AUTO);
        boolean emulate = r.bool("IMAGE_EMULATE", true);
        long epoch = r.longValue("SOURCE_DATE_EPOCH", 0, 0, 253402300799L);
        String revision = r.string("IMAGE_REVISION", "");
        r.done();
        return new ImagesConfig(
                root, registry, tag, List.copyOf(platforms), base, workDir, outDir, cds, emulate, epoch, revision);
    }

    boolean debianBase() {
        return base.equals("debian");
    }

    Path archive(App app) {
        return outDir.resolve(app.name() + "-" + tag + ".oci.tar");
    }
}
