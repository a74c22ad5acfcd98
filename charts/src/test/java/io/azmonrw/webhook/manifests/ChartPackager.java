package io.azmonrw.webhook.manifests;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code make chart}: packages the chart into {@code <target>/azmon-remote-write-<version>.tgz} and writes its default
 * rendering (release azmon-rw in azmon-rw-system) to {@code <target>/rendered.yaml}, with Helm as a library.
 */
public final class ChartPackager {
    private ChartPackager() {}

    /** Arguments: the chart directory and the output directory. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ChartPackager <chart-dir> <output-dir>");
            System.exit(2);
        }
        Path chart = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(target);
        var lint = new Helm(chart).lint().strict().call();
        if (lint.isFailed()) {
            System.err.println("helm lint failed: " + String.join("; ", lint.getMessages()));
            System.exit(1);
        }
        new Helm(chart).packageIt().withDestination(target).call();
        String rendered = new Helm(chart)
                .template()
                .withName(Charts.RELEASE)
                .withNamespace(Charts.NAMESPACE)
                .call();
        Path out = target.resolve("rendered.yaml");
        Files.writeString(out, rendered);
        try (var files = Files.list(target)) {
            files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .forEach(p -> System.out.println("chart: " + p));
        }
        System.out.println("default rendering: " + out);
    }
}
