package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Inspects an image archive without running it: every platform asked for is there, blobs match their digests,
 * the entrypoint is a binary of the right architecture whose libraries are all in the image, the user is not root
 * and can write nothing but /tmp, no shell is needed (nor, for our own base, present).
 */
final class ImageCheck {

    /** What was found: report lines for people, problems that fail the check. */
    record Result(
            List<String> report,
            List<String> problems,
            Map<Platform, Rootfs> rootfs,
            Map<Platform, JsonNode> configs,
            java.util.Optional<Path> unpacked) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    static final Set<String> SHELLS = Set.of(
            "bin/sh",
            "usr/bin/sh",
            "bin/bash",
            "usr/bin/bash",
            "bin/dash",
            "usr/bin/dash",
            "bin/ash",
            "bin/busybox",
            "usr/bin/busybox",
            "bin/zsh",
            "usr/bin/zsh");

    private final List<Platform> expected;
    private final boolean expectShellless;
    private final Path workDir;

    ImageCheck(List<Platform> expected, boolean expectShellless, Path workDir) {
        this.expected = expected;
        this.expectShellless = expectShellless;
        this.workDir = workDir;
    }

    Result check(Path archive) throws IOException {
        List<String> report = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Platform, Rootfs> trees = new LinkedHashMap<>();
        Map<Platform, JsonNode> configs = new LinkedHashMap<>();
        ImageReader reader = ImageReader.open(archive, workDir);
        List<ImageReader.PlatformImage> images = reader.images();
        Set<String> found = new TreeSet<>();
        images.forEach(i -> found.add(i.platform().toString()));
        for (Platform p : expected) {
            if (!found.contains(p.toString())) {
                problems.add(archive.getFileName() + ": no " + p + " image (has " + found + ")");
            }
        }
        report.add(archive.getFileName() + ": " + Files.size(archive) + " bytes, platforms " + found);
        Map<String, Integer> layerUse = new LinkedHashMap<>();
        for (ImageReader.PlatformImage img : images) {
            if (!expected.contains(img.platform())) {
                continue;
            }
            String where = archive.getFileName() + " " + img.platform();
            List<String> p = new ArrayList<>();
            Rootfs fs = checkPlatform(reader, img, where, report, p);
            img.layers().forEach(l -> layerUse.merge(l.digest(), 1, Integer::sum));
            problems.addAll(p);
            if (fs != null) {
                trees.put(img.platform(), fs);
            }
            configs.put(img.platform(), img.config());
        }
        long shared = layerUse.values().stream().filter(n -> n > 1).count();
        report.add(archive.getFileName() + ": " + layerUse.size() + " distinct layers, " + shared
                + " shared between platforms");
        // an archive was unpacked into the work directory; a layout directory is the caller's and is left alone
        return new Result(
                report,
                problems,
                trees,
                configs,
                reader.root().equals(archive) ? java.util.Optional.empty() : java.util.Optional.of(reader.root()));
    }

    private Rootfs checkPlatform(
            ImageReader reader, ImageReader.PlatformImage img, String where, List<String> report, List<String> problems)
            throws IOException {
        JsonNode config = img.config();
        Platform platform = img.platform();
        if (!config.path("os").asText().equals(platform.os())
                || !config.path("architecture").asText().equals(platform.architecture())) {
            problems.add(where + ": config says " + config.path("os").asText() + "/"
                    + config.path("architecture").asText());
        }
        List<Descriptor> layers = img.layers();
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (diffIds.size() != layers.size()) {
            problems.add(where + ": " + layers.size() + " layers but " + diffIds.size() + " diff_ids");
            return null;
        }
        Map<String, Path> blobs = new LinkedHashMap<>();
        long compressed = 0;
        StringBuilder sizes = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            Path blob = reader.blob(d.digest());
            if (!Files.isRegularFile(blob)) {
                problems.add(where + ": layer " + d.digest() + " missing");
                return null;
            }
            String[] digests;
            try {
                digests = digests(blob);
            } catch (IOException e) {
                problems.add(
                        where + ": layer " + i + " (" + d.digest() + ") is not a readable layer: " + e.getMessage());
                return null;
            }
            if (!digests[0].equals(d.digest()) || Files.size(blob) != d.size()) {
                problems.add(where + ": layer " + i + " content does not match its descriptor (" + digests[0] + ", "
                        + Files.size(blob) + " bytes)");
            }
            if (!digests[1].equals(diffIds.get(i).asText())) {
                problems.add(where + ": layer " + i + " uncompressed digest " + digests[1]
                        + " is not the config's diff_id " + diffIds.get(i).asText());
            }
            blobs.put(i + ":" + d.digest().substring(7, 19), blob);
            compressed += d.size();
            sizes.append(i == 0 ? "" : " + ").append(mib(d.size()));
        }
        report.add(where + ": " + layers.size() + " layers, " + mib(compressed) + " compressed (" + sizes + ")");
        Rootfs fs = Rootfs.unpack(blobs, Files.createTempDirectory(workDir, "rootfs-" + platform.architecture() + "-"));
        JsonNode c = config.path("config");
        checkUser(c, fs, where, report, problems);
        RuntimeCheck.checkEntrypoint(c, fs, platform, where, report, problems);
        checkFiles(fs, where, report, problems);
        return fs;
    }

    private static void checkUser(JsonNode c, Rootfs fs, String where, List<String> report, List<String> problems) {
        String user = c.path("User").asText("");
        report.add(where + ": user " + (user.isEmpty() ? "(none: root)" : user));
        if (!user.matches("\\d+(:\\d+)?")) {
            problems.add(where + ": User '" + user
                    + "' is not a numeric uid[:gid] (Kubernetes' runAsNonRoot needs a number)");
            return;
        }
        int uid = Integer.parseInt(user.split(":")[0]);
        if (uid == 0) {
            problems.add(where + ": runs as root (User " + user + ")");
        }
        fs.entries().forEach((path, m) -> {
            if (m.uid() == uid && uid != 0) {
                problems.add(where + ": /" + path + " is owned by the image's user " + uid
                        + ": it could be written outside /tmp");
            }
        });
    }

    private void checkFiles(Rootfs fs, String where, List<String> report, List<String> problems) {
        Rootfs.Meta tmp = fs.entries().get("tmp");
        if (tmp == null || tmp.type() != Rootfs.Type.DIRECTORY || tmp.mode() != 01777) {
            problems.add(where + ": /tmp is missing or not mode 1777 ("
                    + (tmp == null ? "absent" : Integer.toOctalString(tmp.mode())) + ")");
        }
        List<String> writable = new ArrayList<>();
        List<String> setid = new ArrayList<>();
        List<String> foreignOwner = new ArrayList<>();
        fs.entries().forEach((path, m) -> {
            if (m.type() == Rootfs.Type.SYMLINK) {
                return;
            }
            if ((m.mode() & 0002) != 0 && !path.equals("tmp")) {
                writable.add("/" + path);
            }
            if ((m.mode() & 06000) != 0 && m.type() == Rootfs.Type.FILE) {
                setid.add("/" + path);
            }
            if (m.uid() != 0 || m.gid() != 0) {
                foreignOwner.add("/" + path);
            }
        });
        List<String> target = expectShellless ? problems : report;
        if (!writable.isEmpty()) {
            target.add(where + ": world-writable besides /tmp: " + first(writable));
        }
        if (!setid.isEmpty()) {
            target.add(where + ": setuid/setgid files: " + first(setid));
        }
        if (!foreignOwner.isEmpty()) {
            target.add(where + ": not owned by root: " + first(foreignOwner));
        }
        List<String> shells = SHELLS.stream()
                .filter(s -> fs.entries().containsKey(s))
                .sorted()
                .toList();
        report.add(where + ": shell in the image: " + (shells.isEmpty() ? "none" : shells));
        if (expectShellless && !shells.isEmpty()) {
            problems.add(where + ": a shell is in the image (" + shells + ")");
        }
        report.add(where + ": " + fs.entries().size() + " paths; writable by the image's user: /tmp only"
                + (writable.isEmpty() ? "" : " (and world-writable " + writable.size() + ")"));
    }

    private static String first(List<String> items) {
        return items.size() <= 5 ? items.toString() : items.subList(0, 5) + " and " + (items.size() - 5) + " more";
    }

    /** [compressed sha256, uncompressed sha256] of a layer blob; a plain tar has both equal. */
    static String[] digests(Path blob) throws IOException {
        MessageDigest outer = Digests.sha256();
        MessageDigest inner = Digests.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream raw = new DigestInputStream(Files.newInputStream(blob), outer)) {
            java.io.PushbackInputStream pb = new java.io.PushbackInputStream(raw, 2);
            byte[] head = pb.readNBytes(2);
            pb.unread(head);
            boolean gz = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            try (InputStream in = gz ? new DigestInputStream(new GZIPInputStream(pb, 1 << 16), inner) : pb) {
                while (in.read(buf) > 0) {
                    // digesting
                }
                // trailing bytes after the gzip member still belong to the blob's digest
                while (raw.read(buf) > 0) {
                    // digesting
                }
            }
            String o = Digests.format(outer.digest());
            return new String[] {o, gz ? Digests.format(inner.digest()) : o};
        }
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static Optional<Path> file(Rootfs fs, String imagePath) {
        return fs.resolve(imagePath).map(p -> fs.dir().resolve(p)).filter(Files::isRegularFile);
    }
}
