package io.azmonrw.proxy;

import io.azmonrw.common.Contract;
import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.config.EnvReader;
import io.azmonrw.common.service.ServiceLauncher.ServiceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The proxy's immutable configuration, read once at startup from the environment (design.md section 4). */
public record ProxyConfig(
        URI ingestionUrl,
        int listeningPort,
        String listenAddress,
        String cluster,
        Duration shutdownGrace) implements ServiceConfig {

    public static ProxyConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        boolean insecure = r.bool(ProxyEnv.ALLOW_INSECURE_UPSTREAM, false);
        URI url = r.url(ProxyEnv.INGESTION_URL, null, true, insecure ? Set.of("https", "http") : Set.of("https"));
        int port = r.integer(ProxyEnv.LISTENING_PORT, Contract.Injection.DEFAULT_PROXY_PORT, 0, 65535);
        String address = r.string(ProxyEnv.LISTEN_ADDRESS, "::");
        String cluster = r.string(ProxyEnv.CLUSTER, "");
        Duration grace = r.duration(ProxyEnv.SHUTDOWN_GRACE, Duration.ofSeconds(25), Duration.ZERO, Duration.ofHours(1));
        r.done();
        return new ProxyConfig(url, port, address, cluster, grace);
    }

    @Override
    public Map<String, String> metricTags() {
        return Map.of();
    }

    @Override
    public Duration shutdownTimeout() {
        return shutdownGrace;
    }
}
