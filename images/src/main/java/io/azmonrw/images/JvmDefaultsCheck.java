package io.azmonrw.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the image's own JVM with its flags file and a user's JAVA_TOOL_OPTIONS to prove the two promises of the
 * entrypoint: a JAVA_TOOL_OPTIONS flag overrides the image's default of the same name and leaves the others in
 * place, and the heap follows the memory the JVM is given (here -XX:MaxRAM, as a container limit would).
 */
final class JvmDefaultsCheck {

    /** What a user sets: a quarter of 1 GiB for the heap, so 256 MiB expected (worked out by hand, not by the JVM). */
    static final String USER_OPTIONS = "-XX:MaxRAM=1g -XX:MaxRAMPercentage=25";

    static final long EXPECTED_HEAP = 256L << 20;
    private static final Pattern FLAG =
            Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)\\s+\\{[^}]*}\\s+\\{([^}]*)}");

    private JvmDefaultsCheck() {}

    /** Returns a report line, or throws with what went wrong. */
    static String run(Sandbox box, Path rootfs, List<String> entrypoint, List<String> imageEnv, Path workDir)
            throws IOException, InterruptedException {
        int jar = entrypoint.indexOf("-jar");
        List<String> argv = new ArrayList<>(jar < 0 ? entrypoint : entrypoint.subList(0, jar));
        if (argv.stream().noneMatch(a -> a.startsWith("-XX:Flags="))) {
            return "no -XX:Flags in the entrypoint: JVM defaults not checked";
        }
        argv.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Path log = Files.createTempFile(workDir, "jvm-flags-", ".log");
        int rc = box.exec(rootfs, box.newTmp(), argv, imageEnv, Map.of("JAVA_TOOL_OPTIONS", USER_OPTIONS), log);
        if (rc != 0) {
            throw Sandbox.failure("java -XX:+PrintFlagsFinal -version with the image's flags exited with " + rc, log);
        }
        Map<String, String[]> flags = new java.util.HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = FLAG.matcher(line);
            if (m.find()) {
                flags.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        String[] percentage = flags.get("MaxRAMPercentage");
        String[] serial = flags.get("UseSerialGC");
        String[] heap = flags.get("MaxHeapSize");
        if (percentage == null || serial == null || heap == null) {
            throw Sandbox.failure("the JVM printed no MaxRAMPercentage, UseSerialGC or MaxHeapSize", log);
        }
        if (!percentage[1].equals("environment") || Double.parseDouble(percentage[0]) != 25.0) {
            throw Sandbox.failure(
                    "JAVA_TOOL_OPTIONS did not override MaxRAMPercentage (" + percentage[0] + " from " + percentage[1]
                            + ")",
                    log);
        }
        if (!serial[0].equals("true") || !serial[1].equals("config file")) {
            throw Sandbox.failure(
                    "the flags file's +UseSerialGC did not survive JAVA_TOOL_OPTIONS (" + serial[0] + " from "
                            + serial[1] + ")",
                    log);
        }
        long maxHeap = Long.parseLong(heap[0]);
        if (Math.abs(maxHeap - EXPECTED_HEAP) > (2L << 20)) {
            throw Sandbox.failure("MaxHeapSize " + maxHeap + " is not 25% of 1 GiB (" + EXPECTED_HEAP + ")", log);
        }
        return "JAVA_TOOL_OPTIONS=\"" + USER_OPTIONS
                + "\" overrode MaxRAMPercentage, kept the flags file's SerialGC, heap " + (maxHeap >> 20) + " MiB";
    }
}
