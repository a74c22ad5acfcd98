package io.azmonrw.webhook.manifests;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the Helm chart offline with helm-java (Helm as a library). Lives in the webhook's manifest-test package
 * because the invariants it feeds (ManifestInvariants, ManifestFiles) are package-private there.
 */
final class Charts {
    static final Path ROOT = ManifestFiles.repoRoot();
    static final Path CHART = ROOT.resolve("charts/azmon-remote-write");
    /** With this release name the chart names its objects as the kustomize install does (azmon-rw-webhook...). */
    static final String RELEASE = "azmon-rw";

    static final String NAMESPACE = "azmon-rw-system";

    private Charts() {}

    /** A values file under src/test/resources/values/. */
    static Path values(String name) {
        try {
            return Path.of(Charts.class.getResource("/values/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no values fixture " + name, e);
        }
    }

    /** {@code helm template} with the given values files (in order) and --set pairs; throws on any Helm error. */
    static String template(String release, String namespace, List<Path> valuesFiles, Map<String, String> sets) {
        TemplateCommand t = new Helm(CHART).template().withName(release).withNamespace(namespace);
        for (Path f : valuesFiles) {
            t = t.withValuesFile(f);
        }
        for (var e : sets.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        return t.call();
    }

    static String template(List<Path> valuesFiles, Map<String, String> sets) {
        return template(RELEASE, NAMESPACE, valuesFiles, sets);
    }

    /**
     * The rendering as typed objects, plus the release Namespace. Helm does not own the namespace it installs into
     * (`--create-namespace` or one made beforehand, labelled as the chart's README says), so the invariants' namespace
     * checks get it here, with the restricted-PSS label the README tells the user to set.
     */
    static List<HasMetadata> install(String rendered, String namespace) {
        List<HasMetadata> objects = new ArrayList<>(ManifestFiles.objects(rendered));
        Namespace ns = new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build();
        objects.add(ns);
        return objects;
    }

    static List<HasMetadata> install(List<Path> valuesFiles, Map<String, String> sets) {
        return install(template(valuesFiles, sets), NAMESPACE);
    }

    /** NOTES.txt as {@code helm install} prints it: a client-only dry run, no cluster. */
    static String notes(List<Path> valuesFiles) {
        InstallCommand install = new Helm(CHART)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .dryRun()
                .clientOnly();
        for (Path f : valuesFiles) {
            install = install.withValuesFile(f);
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("no NOTES in the install output:\n" + output);
        }
        return output.substring(notes);
    }

    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }
}
