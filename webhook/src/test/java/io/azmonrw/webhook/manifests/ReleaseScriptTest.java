package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts/release.sh on a copy of the files a release touches (and of files that must stay as they are) and
 * checks that exactly the version lines changed, each to the new version.
 */
class ReleaseScriptTest {
    private static final Path ROOT = ManifestFiles.repoRoot();
    private static final String CHART = "charts/azmon-remote-write/Chart.yaml";
    private static final String NEW = "9.8.7";

    @TempDir
    Path copy;

    private final Map<String, List<String>> before = new LinkedHashMap<>();
    private String pomVersion;
    private String imageTag;

    @BeforeEach
    void copyTheRepository() throws IOException {
        List<String> files = new ArrayList<>(
                List.of("pom.xml", "Makefile", "scripts/release.sh", "proxy/README.md", "webhook/README.md"));
        try (Stream<Path> poms = Files.list(ROOT)) {
            poms.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .forEach(
                            d -> files.add(ROOT.relativize(d.resolve("pom.xml")).toString()));
        }
        try (Stream<Path> m = Files.walk(ROOT.resolve("manifests"))) {
            m.filter(Files::isRegularFile)
                    .filter(p -> !ROOT.relativize(p).startsWith("manifests/self-signed/tls"))
                    .forEach(p -> files.add(ROOT.relativize(p).toString()));
        }
        for (String f : files) {
            Path to = copy.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(ROOT.resolve(f), to);
        }
        Path chart = copy.resolve(CHART);
        Files.createDirectories(chart.getParent());
        if (Files.isRegularFile(ROOT.resolve(CHART))) {
            Files.copy(ROOT.resolve(CHART), chart);
        } else {
            // the chart comes from another change: the lines the script must set, as Helm writes them
            Files.writeString(
                    chart,
                    "apiVersion: v2\nname: azmon-remote-write\ntype: application\nversion: 0.1.0\nappVersion: \"0.1.0\"\n");
        }
        try (Stream<Path> all = Files.walk(copy)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                before.put(copy.relativize(p).toString(), Files.readAllLines(p));
            }
        }
        pomVersion = group(
                Pattern.compile("<artifactId>azmon-rw-parent</artifactId>\\s*<version>([^<]+)</version>"),
                Files.readString(ROOT.resolve("pom.xml")));
        imageTag = group(
                Pattern.compile("newTag:\\s*(\\S+)"),
                Files.readString(ROOT.resolve("manifests/base/kustomization.yaml")));
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(p.pattern()).isTrue();
        return m.group(1);
    }

    private Tools.Result release(String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("bash", copy.resolve("scripts/release.sh").toString()));
        cmd.addAll(List.of(args));
        return Tools.run(copy, cmd);
    }

    /** Per file, the lines that differ, as "old => new"; files of the same length only. */
    private Map<String, List<String>> changes() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : before.entrySet()) {
            List<String> now = Files.readAllLines(copy.resolve(e.getKey()));
            assertThat(now).as(e.getKey() + " keeps its line count").hasSameSizeAs(e.getValue());
            for (int i = 0; i < now.size(); i++) {
                if (!now.get(i).equals(e.getValue().get(i))) {
                    out.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue().get(i) + " => " + now.get(i));
                }
            }
        }
        return out;
    }

    @Test
    void aReleaseSetsTheVersionInEveryPlaceAndNowhereElse() throws IOException {
        Tools.Result r = release(NEW);
        assertThat(r.exit()).as(r.output()).isZero();
        Map<String, List<String>> changes = changes();
        String pomLine = "<version>" + pomVersion + "</version> => ";
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String pom :
                before.keySet().stream().filter(f -> f.endsWith("pom.xml")).toList()) {
            expected.put(pom, 1);
            assertThat(changes.get(pom))
                    .as(pom)
                    .singleElement()
                    .satisfies(c -> assertThat(c.replaceAll("\\s+", ""))
                            .isEqualTo((pomLine + "<version>" + NEW + "</version>").replaceAll("\\s+", "")));
        }
        expected.put("Makefile", 1);
        assertThat(changes.get("Makefile")).containsExactly("IMAGE_TAG ?= " + imageTag + " => IMAGE_TAG ?= " + NEW);
        expected.put("manifests/base/kustomization.yaml", 1);
        expected.put("manifests/base/deployment.yaml", 1);
        expected.put("manifests/examples/standalone-proxy.yaml", 1);
        expected.put("manifests/examples/install/kustomization.yaml", 2);
        for (String m : List.of(
                "manifests/base/kustomization.yaml",
                "manifests/base/deployment.yaml",
                "manifests/examples/standalone-proxy.yaml",
                "manifests/examples/install/kustomization.yaml")) {
            assertThat(changes.get(m)).as(m).allSatisfy(c -> {
                String[] parts = c.split(" => ");
                assertThat(parts[1]).isEqualTo(parts[0].replace(imageTag, NEW));
            });
        }
        assertThat(String.join("\n", changes.get("manifests/examples/install/kustomization.yaml")))
                .contains("?ref=v" + NEW);
        expected.put(CHART, 2);
        assertThat(changes.get(CHART))
                .anySatisfy(c -> assertThat(c).endsWith(" => version: " + NEW))
                .anySatisfy(
                        c -> assertThat(c).matches("appVersion: .* => appVersion: \"?" + Pattern.quote(NEW) + "\"?"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        changes.forEach((f, c) -> counts.put(f, c.size()));
        assertThat(counts).as("changed files and lines").containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(r.output()).contains(pomVersion + " -> " + NEW);

        Tools.Result again = release(NEW);
        assertThat(again.exit()).isZero();
        assertThat(again.output()).contains("already");
    }

    @Test
    void theNextDevelopmentVersionMovesOnlyThePoms() throws IOException {
        Tools.Result r = release("--next", "9.9.0-SNAPSHOT");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(changes().keySet()).allMatch(f -> f.endsWith("pom.xml")).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void refusesWhatIsNotAReleaseVersionAndChangesNothing() throws IOException {
        for (String[] args : List.of(
                new String[] {"v1.2"},
                new String[] {"1.2.3-SNAPSHOT"},
                new String[] {"--next", "1.2.3"},
                new String[] {},
                new String[] {"1.2.3", "extra"})) {
            Tools.Result r = release(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.output().strip().lines().count()).as(r.output()).isEqualTo(1);
        }
        assertThat(changes()).isEmpty();
    }

    @Test
    void withoutAChartItSaysSoAndSetsTheRest() throws IOException {
        Files.delete(copy.resolve(CHART));
        before.remove(CHART);
        Tools.Result r = release(NEW);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("no " + CHART);
        assertThat(changes()).containsKeys("pom.xml", "Makefile", "manifests/base/deployment.yaml");
    }
}
