package io.azmonrw.images;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes layers as reproducible gzip'd tars: entries sorted by path, parents before children, owner and time fixed,
 * so the same files always give the same digest (and a registry stores a shared layer once).
 */
final class LayerWriter {

    private final long mtimeSeconds;

    LayerWriter(long mtimeSeconds) {
        this.mtimeSeconds = mtimeSeconds;
    }

    /** Later entries with the same path replace earlier ones, as an upper layer would. */
    Layer write(OciLayout layout, String name, Collection<LayerEntry> entries) throws IOException {
        Map<String, LayerEntry> sorted = new TreeMap<>();
        for (LayerEntry e : entries) {
            sorted.put(e.path(), e);
            addParents(sorted, e.path());
        }
        MessageDigest diff = Digests.sha256();
        MessageDigest blob = Digests.sha256();
        Path tmp = layout.newTempBlob();
        try {
            long size;
            try (CountingOutputStream counted =
                            new CountingOutputStream(new DigestOutputStream(Files.newOutputStream(tmp), blob));
                    GZIPOutputStream gz = new GzipOut(counted);
                    TarArchiveOutputStream tar = tarStream(new DigestOutputStream(gz, diff))) {
                for (LayerEntry e : sorted.values()) {
                    writeEntry(tar, e, mtimeSeconds);
                }
                tar.finish();
                gz.finish();
                counted.flush();
                size = counted.count;
            }
            Descriptor d = layout.commitBlob(tmp, Digests.format(blob.digest()), size, Descriptor.LAYER_GZIP);
            return new Layer(d, Digests.format(diff.digest()), name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void addParents(Map<String, LayerEntry> sorted, String path) {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            sorted.putIfAbsent(path.substring(0, i), LayerEntry.directory(path.substring(0, i), 0755));
        }
    }

    static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 10240, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    static void writeEntry(TarArchiveOutputStream tar, LayerEntry e, long mtimeSeconds) throws IOException {
        TarArchiveEntry t = switch (e.type()) {
            case DIRECTORY -> new TarArchiveEntry(e.path() + "/", TarConstants.LF_DIR);
            case FILE -> new TarArchiveEntry(e.path(), TarConstants.LF_NORMAL);
            case SYMLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_SYMLINK);
        };
        t.setMode(e.mode());
        t.setIds(e.uid(), e.gid());
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(mtimeSeconds * 1000L);
        if (e.type() == LayerEntry.Type.SYMLINK) {
            t.setLinkName(e.linkTarget());
        }
        if (e.type() == LayerEntry.Type.FILE) {
            t.setSize(e.content() != null ? e.content().length : Files.size(e.source()));
        }
        tar.putArchiveEntry(t);
        if (e.type() == LayerEntry.Type.FILE) {
            if (e.content() != null) {
                tar.write(e.content());
            } else {
                Files.copy(e.source(), tar);
            }
        }
        tar.closeArchiveEntry();
    }

    /** gzip at the best level: a layer is written once and pulled on every node. */
    private static final class GzipOut extends GZIPOutputStream {
        GzipOut(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
