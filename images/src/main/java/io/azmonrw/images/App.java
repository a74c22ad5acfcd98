package io.azmonrw.images;

import java.nio.file.Path;
import java.util.List;

/** One of the two images: the thin jar, its lib/ directory, its JVM defaults and how to tell it runs. */
record App(String name, String description, Path jar, Path lib, Path flags, List<Integer> ports, Smoke.Kind smoke) {

    static List<App> all(Path root) {
        return List.of(
                of(
                        root,
                        "proxy",
                        "Prometheus remote write to an Azure Monitor workspace with Entra Workload ID "
                                + "(drop-in for prom-remotewrite)",
                        List.of(8081),
                        Smoke.Kind.PROXY),
                of(
                        root,
                        "webhook",
                        "Mutating admission webhook injecting the remote-write proxy into Prometheus pods",
                        List.of(8443, 9440),
                        Smoke.Kind.WEBHOOK));
    }

    private static App of(Path root, String module, String description, List<Integer> ports, Smoke.Kind smoke) {
        String name = "azmon-rw-" + module;
        return new App(
                name,
                description,
                root.resolve(module).resolve("target").resolve(name + ".jar"),
                root.resolve(module).resolve("target").resolve("lib"),
                root.resolve("images").resolve(module + ".flags"),
                ports,
                smoke);
    }

    String jarInImage() {
        return "/app/" + jar.getFileName();
    }

    List<String> entrypoint(String java) {
        return List.of(java, "-XX:Flags=/app/jvm.flags", "-jar", jarInImage());
    }
}
