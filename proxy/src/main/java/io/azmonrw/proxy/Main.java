package io.azmonrw.proxy;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;

/** Entry point of the proxy: configured by env vars alone. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = ServiceLauncher.run("azmon-rw-proxy", BuildInfo.version(Main.class), System.getenv(),
                ProxyConfig::fromEnv, (config, registry, vertx) -> new ProxyVerticle(config, registry, BuildInfo.version(Main.class)));
        if (code != 0) {
            System.exit(code);
        }
    }
}
