package io.azmonrw.webhook.k8s;

import java.util.Collection;
import java.util.Optional;

/**
 * The pure decision behind {@code SIDECAR_MODE=auto}: native sidecars only when the API server and
 * every node's kubelet are known to be 1.29 or newer, since an older kubelet would run a
 * {@code restartPolicy: Always} init container as a blocking init container and the pod would never start.
 */
public final class SidecarSupport {
    private SidecarSupport() {}

    /** A verdict and the reason for it, for the log line. */
    public record Verdict(boolean nativeSupported, String reason) {}

    /**
     * @param server the API server's version, empty if unknown
     * @param kubeletVersions every node's {@code kubeletVersion} string as reported
     */
    public static Verdict decide(Optional<KubeVersion> server, Collection<String> kubeletVersions) {
        if (server.isEmpty()) {
            return new Verdict(false, "API server version unknown");
        }
        if (!server.get().atLeast(KubeVersion.NATIVE_SIDECARS)) {
            return new Verdict(false, "API server is " + server.get() + ", older than " + KubeVersion.NATIVE_SIDECARS);
        }
        if (kubeletVersions.isEmpty()) {
            // no node to look at yet: a node joining later could be old, so stay with the safe choice
            return new Verdict(false, "no nodes found");
        }
        for (String raw : kubeletVersions) {
            Optional<KubeVersion> v = KubeVersion.parseGitVersion(raw);
            if (v.isEmpty()) {
                return new Verdict(false, "kubelet version '" + raw + "' not understood");
            }
            if (!v.get().atLeast(KubeVersion.NATIVE_SIDECARS)) {
                return new Verdict(false, "a kubelet is " + raw + ", older than " + KubeVersion.NATIVE_SIDECARS);
            }
        }
        return new Verdict(
                true,
                "API server " + server.get() + " and " + kubeletVersions.size() + " kubelet(s) are "
                        + KubeVersion.NATIVE_SIDECARS + " or newer");
    }
}
