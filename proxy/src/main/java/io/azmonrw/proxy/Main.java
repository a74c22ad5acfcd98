package io.azmonrw.proxy;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;

/** Entry point of the proxy: configured by env vars alone; SIGTERM drains (docs/design.md, Shutdown) and exits 0. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String version = BuildInfo.version(Main.class);
        int code = ServiceLauncher.run("azmon-rw-proxy", version, System.getenv(),
                ProxyConfig::fromEnv, (config, registry, vertx) -> new ProxyVerticle(config, registry, version));
        if (code != 0) {
            System.exit(code);
        }
    }
}
