package io.azmonrw.proxy;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Entry point of the proxy: configured by env vars alone; SIGTERM drains (docs/design.md, Shutdown) and exits 0. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String version = BuildInfo.version(Main.class);
        if (args.length > 0) {
            System.exit(info(args, version, System.out, System.err));
        }
        int code = ServiceLauncher.run(
                "azmon-rw-proxy",
                version,
                System.getenv(),
                ProxyConfig::fromEnv,
                (config, registry, vertx) -> new ProxyVerticle(config, registry, version));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** {@code --help} (the env table) or {@code --version}, exit 0; anything else exit 2: the proxy takes no arguments. */
    static int info(String[] args, String version, PrintStream out, PrintStream err) {
        switch (args[0]) {
            case "--help", "-h" -> {
                out.print("azmon-rw-proxy " + version
                        + "\n\nusage: java -jar azmon-rw-proxy.jar   (configured by env vars alone; exit 1 with one line on bad config)\n"
                        + "       java -jar azmon-rw-proxy.jar --help | --version\n\nenvironment variables:\n"
                        + envHelp());
                out.flush();
                return 0;
            }
            case "--version" -> {
                out.println("azmon-rw-proxy " + version);
                return 0;
            }
            default -> {
                err.println("error: unknown argument '" + args[0]
                        + "'; the proxy takes no arguments (configured by env vars); see --help");
                return 2;
            }
        }
    }

    private static String envHelp() {
        try (InputStream in = Main.class.getResourceAsStream("/io/azmonrw/proxy/env-help.txt")) {
            if (in == null) {
                throw new IllegalStateException("env-help.txt is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
