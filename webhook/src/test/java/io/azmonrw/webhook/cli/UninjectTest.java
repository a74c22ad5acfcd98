package io.azmonrw.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.cli.InjectCommandTest.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** uninject removes what inject added and nothing that was there before, and leaves other documents byte for byte. */
class UninjectTest {
    static Run run(String input, String... args) {
        return InjectCommandTest.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
    }

    static Run inject(String input, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "inject",
                "-f",
                "-",
                "--client-id",
                InjectGoldenTest.CLIENT,
                "--tenant-id",
                InjectGoldenTest.TENANT,
                "--ingestion-url",
                InjectGoldenTest.URL));
        args.addAll(List.of(extra));
        return run(input, args.toArray(String[]::new));
    }

    @Test
    void inputWithoutInjectionComesBackByteForByte() throws IOException {
        for (String f : List.of("in/multi-doc.yaml", "in/prometheus.yaml", "in/pod.json", "skipped.yaml")) {
            String input = Files.readString(Path.of("src/test/resources/cli").resolve(f));
            Run r = run(input, "uninject", "-f", "-");
            assertThat(r.code()).as(f + ": " + r.err()).isZero();
            assertThat(r.out()).as(f).isEqualTo(input);
        }
        Run manual = run(Files.readString(Path.of("src/test/resources/cli/skipped.yaml")), "uninject", "-f", "-");
        assertThat(manual.err().lines().toList())
                .containsExactly(
                        "skipped: document 6 (Prometheus manual): has a prom-remotewrite container"
                                + " but no azmon-rw.io/status annotation (a manual setup, not ours); left unchanged",
                        "warning: document 8 (Rollout prometheus-rollout): kind Rollout has a pod template but is not a kind inject knows; left unchanged");
    }

    @Test
    void keepsWhatWasThereBeforeInjectTheRemoteWriteEntryAndTheIdentityLabel() {
        String cr = """
                apiVersion: monitoring.coreos.com/v1
                kind: Prometheus
                metadata:
                  name: k
                spec:
                  podMetadata:
                    labels:
                      azure.workload.identity/use: "true"
                  remoteWrite:
                    - url: http://localhost:8081/api/v1/write
                      queueConfig: {maxShards: 10}
                """;
        Run injected = inject(cr);
        assertThat(injected.code()).as(injected.err()).isZero();
        JsonNode out = InjectCommandTest.parseAll(injected.out()).get(0);
        assertThat(out.path("spec").path("remoteWrite"))
                .as("no second entry for the same URL")
                .hasSize(1);
        assertThat(out.path("spec").path("containers")).hasSize(1);
        Run back = run(injected.out(), "uninject", "-f", "-");
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(InjectCommandTest.parseAll(back.out())).isEqualTo(InjectCommandTest.parseAll(cr));
    }

    @Test
    void aLabelValueInjectChangedGetsItsOldValueBack() {
        String pod =
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app.kubernetes.io/name: prometheus\n"
                        + "    azure.workload.identity/use: \"false\"\nspec:\n  containers: [{name: a, image: a}]\n";
        Run injected = inject(pod);
        assertThat(injected.code()).as(injected.err()).isZero();
        assertThat(InjectCommandTest.parseAll(injected.out())
                        .get(0)
                        .path("metadata")
                        .path("labels")
                        .path("azure.workload.identity/use")
                        .asText())
                .isEqualTo("true");
        Run back = run(injected.out(), "uninject", "-f", "-");
        assertThat(InjectCommandTest.parseAll(back.out())).isEqualTo(InjectCommandTest.parseAll(pod));
    }

    @Test
    void noRemoteWriteLeavesRemoteWriteAlone() {
        String cr =
                "apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {version: v2.54.1}\n";
        Run r = inject(cr, "--no-remote-write");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode out = InjectCommandTest.parseAll(r.out()).get(0);
        assertThat(out.path("spec").has("remoteWrite")).isFalse();
        assertThat(out.path("spec").path("containers").get(0).path("name").asText())
                .isEqualTo("prom-remotewrite");
        assertThat(InjectCommandTest.parseAll(
                        run(r.out(), "uninject", "-f", "-").out()))
                .isEqualTo(InjectCommandTest.parseAll(cr));
    }

    @Test
    void podInjectedByTheWebhookLosesTheProxyByNameWithAWarning() throws IOException {
        String pod = TestPods.pod("already-injected.json").toString();
        Run r = run(pod, "uninject", "-f", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .startsWith(
                        "warning: document 1 (Pod prometheus-kube-prometheus-stack-prometheus-0): the azmon-rw.io/status"
                                + " annotation has no record of what inject added");
        // the same pod as the API server sent it before the webhook's patch (that fixture also has managedFields)
        var before = TestPods.pod("kps-prometheus.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) before.get("metadata")).remove("managedFields");
        assertThat(TestPods.JSON.readTree(r.out())).isEqualTo(before);
    }
}
