package io.azmonrw.proxy;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Entry point of the proxy: configured by env vars alone. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        AtomicReference<ProxyVerticle> started = new AtomicReference<>();
        int code = ServiceLauncher.run("azmon-rw-proxy", BuildInfo.version(Main.class), System.getenv(),
                ProxyConfig::fromEnv, (config, registry, vertx) -> {
                    ProxyVerticle verticle = new ProxyVerticle(config, registry, BuildInfo.version(Main.class));
                    started.set(verticle);
                    return verticle;
                });
        if (code != 0) {
            System.exit(code);
        }
        ProxyVerticle verticle = started.get();
        // a JVM ended by SIGTERM exits 143; once the drain has finished cleanly, say 0 as design.md section 4 asks
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // ServiceLauncher's hook closes Vert.x, which runs the verticle's drain; wait for that drain to end
                verticle.stopped().get(10, TimeUnit.MINUTES);
                Runtime.getRuntime().halt(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // leave the exit status to the JVM: the drain did not finish cleanly
            }
        }, "azmon-rw-proxy-exit"));
    }
}
