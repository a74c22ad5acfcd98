package io.azmonrw.webhook.k8s;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes major.minor version as the API server's {@code /version} and a node's
 * {@code status.nodeInfo.kubeletVersion} report it; vendors add suffixes ({@code v1.29.3+k3s1},
 * {@code v1.28.5-eks-5e0fdde}, minor {@code "29+"} on GKE/EKS) that must not break parsing.
 */
public record KubeVersion(int major, int minor) implements Comparable<KubeVersion> {
    /** Native sidecars (init containers with {@code restartPolicy: Always}) are on by default from 1.29. */
    public static final KubeVersion NATIVE_SIDECARS = new KubeVersion(1, 29);

    private static final Pattern GIT_VERSION = Pattern.compile("^\\s*v?(\\d+)\\.(\\d+)(?:[.+\\-].*)?\\s*$");
    private static final Pattern LEADING_DIGITS = Pattern.compile("^\\s*(\\d+)");

    /** Parses {@code v1.29.3+k3s1}, {@code 1.29}, {@code v1.30.0-rc.1}; empty when there is no major.minor. */
    public static Optional<KubeVersion> parseGitVersion(String s) {
        if (s == null) {
            return Optional.empty();
        }
        Matcher m = GIT_VERSION.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        return of(m.group(1), m.group(2));
    }

    /** Parses the separate {@code major}/{@code minor} fields of {@code /version}, where the minor may be {@code "29+"}. */
    public static Optional<KubeVersion> parseMajorMinor(String major, String minor) {
        if (major == null || minor == null) {
            return Optional.empty();
        }
        Matcher ma = LEADING_DIGITS.matcher(major);
        Matcher mi = LEADING_DIGITS.matcher(minor);
        if (!ma.find() || !mi.find()) {
            return Optional.empty();
        }
        return of(ma.group(1), mi.group(1));
    }

    /** The API server's version: the major/minor fields when they parse, else the git version. */
    public static Optional<KubeVersion> parseServer(String major, String minor, String gitVersion) {
        Optional<KubeVersion> v = parseMajorMinor(major, minor);
        return v.isPresent() ? v : parseGitVersion(gitVersion);
    }

    private static Optional<KubeVersion> of(String major, String minor) {
        try {
            return Optional.of(new KubeVersion(Integer.parseInt(major), Integer.parseInt(minor)));
        } catch (NumberFormatException e) {
            // more digits than an int holds: not a version anyone runs
            return Optional.empty();
        }
    }

    public boolean atLeast(KubeVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KubeVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
