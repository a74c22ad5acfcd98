package io.azmonrw.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a directory as a reproducible gzip'd layer with GNU tar: entries sorted by name, owner 0:0 and one fixed
 * time, so the same files always give the same digest (and a registry stores a shared layer once).
 */
final class LayerWriter {

    private final long mtimeSeconds;

    LayerWriter(long mtimeSeconds) {
        this.mtimeSeconds = mtimeSeconds;
    }

    /** Application files: modes 0644, or 0755 for directories and executables, whatever the machine's umask left. */
    static final List<String> APP_FILES = List.of("--mode=u=rwX,go=rX");

    /** options: GNU tar's, after (so overriding) the defaults. */
    Layer write(OciLayout layout, String name, Path dir, List<String> options) throws IOException {
        Path tar = layout.newTempBlob();
        Path tmp = layout.newTempBlob();
        try {
            tar(dir, tar, options);
            MessageDigest diff = Digests.sha256();
            MessageDigest blob = Digests.sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(tar), diff);
                    OutputStream gz = new GzipOut(new DigestOutputStream(Files.newOutputStream(tmp), blob))) {
                in.transferTo(gz);
            }
            Descriptor d =
                    layout.commitBlob(tmp, Digests.format(blob.digest()), Files.size(tmp), Descriptor.LAYER_GZIP);
            return new Layer(d, Digests.format(diff.digest()), name);
        } finally {
            Files.deleteIfExists(tar);
            Files.deleteIfExists(tmp);
        }
    }

    /** Everything under dir (not dir itself, as an image's root has no entry) into an uncompressed tar. */
    void tar(Path dir, Path out, List<String> options) throws IOException {
        List<String> argv = new ArrayList<>(List.of(
                "tar",
                "--create",
                "--file=" + out,
                "--directory=" + dir,
                "--sort=name",
                "--format=posix",
                "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
                "--mtime=@" + mtimeSeconds,
                "--owner=0",
                "--group=0",
                "--numeric-owner",
                "--hard-dereference"));
        argv.addAll(options);
        argv.add("--files-from=/dev/null");
        argv.add("--");
        try (Stream<Path> top = Files.list(dir)) {
            top.map(p -> p.getFileName().toString()).sorted().forEach(argv::add);
        }
        Tool r = Tool.run(Duration.ofMinutes(10), argv);
        if (r.exit() != 0) {
            throw new IOException("tar of " + dir + " failed (exit " + r.exit() + "): "
                    + r.output().strip());
        }
    }

    /** gzip at the best level: a layer is written once and pulled on every node. */
    private static final class GzipOut extends GZIPOutputStream {
        GzipOut(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
