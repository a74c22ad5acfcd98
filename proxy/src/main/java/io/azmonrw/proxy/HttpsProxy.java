package io.azmonrw.proxy;

import io.azmonrw.common.config.Secret;
import java.util.List;

/**
 * An egress proxy from {@code HTTPS_PROXY} ({@code http://[user:password@]host:port}) and the hosts of
 * {@code NO_PROXY} that bypass it. The credentials are kept apart so that {@code toString()} never shows them.
 */
public record HttpsProxy(String host, int port, String username, Secret password, List<String> noProxy) {
    public HttpsProxy {
        noProxy = List.copyOf(noProxy);
    }

    /** Whether a host is listed in NO_PROXY: exact match, or a {@code .suffix} / {@code suffix} domain match, or {@code *}. */
    public boolean bypasses(String targetHost) {
        String h = targetHost.toLowerCase(java.util.Locale.ROOT);
        for (String entry : noProxy) {
            String e = entry.toLowerCase(java.util.Locale.ROOT);
            if (e.equals("*") || h.equals(e) || h.endsWith(e.startsWith(".") ? e : "." + e)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "http://" + (username == null ? "" : "****:****@") + host + ":" + port
                + (noProxy.isEmpty() ? "" : " NO_PROXY=" + String.join(",", noProxy));
    }
}
