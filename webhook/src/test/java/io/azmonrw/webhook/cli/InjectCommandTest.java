package io.azmonrw.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.azmonrw.webhook.InjectedParts;
import io.azmonrw.webhook.InjectedParts.Expected;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class InjectCommandTest {
    private static final String IMAGE = "registry.example/azmon-rw-proxy:1.2.3";
    private static final String CLIENT = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean uninject = args.length > 0 && args[0].equals("uninject");
        String[] rest = args.length > 0 && (uninject || args[0].equals("inject"))
                ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : args;
        int code = InjectCommand.run(
                uninject,
                rest,
                in,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    /** Parses YAML with snakeyaml-engine, a parser independent of the Jackson YAML writer the command uses. */
    static List<JsonNode> parseYaml(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (o != null) {
                docs.add(TestPods.JSON.valueToTree(o));
            }
        }
        return docs;
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(InjectCommandTest.class
                .getResource("/cli/prometheus-statefulset.yaml")
                .toURI());
    }

    @Test
    void injectsTheStatefulSetTemplateAndLeavesServiceAndConfigMapAlone() throws Exception {
        Run r = run(
                "inject",
                "-f",
                fixture().toString(),
                "--client-id",
                CLIENT,
                "--tenant-id",
                TestPods.TENANT_ID,
                "--ingestion-url",
                TestPods.INGESTION_URL,
                "--image",
                IMAGE);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        List<JsonNode> input = parseYaml(Files.readString(fixture()));
        List<JsonNode> output = parseYaml(r.out());
        assertThat(output)
                .extracting(d -> d.path("kind").asText())
                .containsExactly("StatefulSet", "Service", "ConfigMap");
        assertThat(output.get(1)).isEqualTo(input.get(1));
        assertThat(output.get(2)).isEqualTo(input.get(2));
        assertThat(output.get(2).path("data").path("enabled").isTextual())
                .as("'true' stays a string")
                .isTrue();

        JsonNode inSts = input.get(0);
        JsonNode outSts = output.get(0);
        JsonNode outTemplate = outSts.path("spec").path("template");
        // everything but the pod template is unchanged
        var stsWithoutTemplate = outSts.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) stsWithoutTemplate.path("spec"))
                .set("template", inSts.path("spec").path("template"));
        assertThat(stsWithoutTemplate).isEqualTo(inSts);
        assertThat(outTemplate.path("spec").path("containers").get(0))
                .isEqualTo(inSts.path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0));

        var podNode = TestPods.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        podNode.set("metadata", outTemplate.path("metadata"));
        podNode.set("spec", outTemplate.path("spec"));
        Pod pod = PatchChecks.toPod(podNode);
        PatchChecks.checkValid(pod, List.of("data"));
        InjectedParts.check(
                pod,
                new Expected(
                        IMAGE,
                        TestPods.INGESTION_URL,
                        CLIENT,
                        TestPods.TENANT_ID,
                        false,
                        "50m",
                        "500m",
                        "128Mi",
                        "512Mi"));
        assertThat(pod.getSpec().getContainers())
                .extracting(c -> c.getName())
                .containsExactly("prometheus", "prom-remotewrite");

        // idempotent: injecting the output again changes nothing
        Path once = Files.writeString(tmp.resolve("once.yaml"), r.out());
        Run again =
                run("inject", "-f", once.toString(), "--client-id", CLIENT, "--ingestion-url", TestPods.INGESTION_URL);
        assertThat(again.code()).isZero();
        assertThat(parseYaml(again.out())).isEqualTo(output);
    }

    @Test
    void readsJsonListsFromStdinWithNativeSidecars() throws Exception {
        String json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "scrape"},
               "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": {
                 "metadata": {"labels": {"app.kubernetes.io/name": "prometheus"}, "annotations": {"azmon-rw.io/client-id": "c-from-annotation"}},
                 "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "prom", "image": "prom"}]}}}}}},
              {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "skip"},
               "spec": {"template": {"metadata": {"labels": {"azmon-rw.io/inject": "false"}},
                 "spec": {"containers": [{"name": "x", "image": "x"}]}}}}
            ]}
            """;
        Run r = run(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "-f",
                "-",
                "--ingestion-url",
                TestPods.INGESTION_URL,
                "--native-sidecar",
                "--client-id",
                "c-from-flag");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped: document 1 (List) item 2 (Deployment skip): opted out");
        JsonNode list = parseYaml(r.out()).get(0);
        JsonNode cron = list.path("items")
                .get(0)
                .path("spec")
                .path("jobTemplate")
                .path("spec")
                .path("template");
        assertThat(cron.path("spec").path("initContainers").get(0).path("name").asText())
                .isEqualTo("prom-remotewrite");
        assertThat(cron.path("spec")
                        .path("initContainers")
                        .get(0)
                        .path("restartPolicy")
                        .asText())
                .isEqualTo("Always");
        assertThat(cron.path("spec")
                        .path("initContainers")
                        .get(0)
                        .path("env")
                        .get(3)
                        .path("value")
                        .asText())
                .isEqualTo("c-from-annotation");
        assertThat(list.path("items").get(1))
                .isEqualTo(TestPods.JSON.readTree(json).path("items").get(1));
        assertThat(r.out().stripLeading()).as("JSON in, JSON out").startsWith("{");
    }

    @Test
    void skipsEmptyDocumentsAndComments() {
        String yaml =
                "---\n# only a comment\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app.kubernetes.io/name: prometheus}\n"
                        + "  annotations:\n    azmon-rw.io/client-id: c1\nspec:\n  containers:\n  - name: a\n    image: a\n---\n";
        Run r = run(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "inject",
                "-f",
                "-",
                "--ingestion-url",
                TestPods.INGESTION_URL);
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> docs = parseYaml(r.out());
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).path("spec").path("containers")).hasSize(2);
        assertThat(r.out()).as("the comment-only document is kept as text").startsWith("---\n# only a comment\n---\n");
    }

    @Test
    void clientIdComesFromTheFlagThenTheServiceAccountOfTheInputAndTheWarningNamesTenantFlag() throws Exception {
        String input = Files.readString(Path.of("src/test/resources/cli/in/list.yaml"));
        Run fromSa = run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "inject",
                "-f",
                "-",
                "--ingestion-url",
                TestPods.INGESTION_URL);
        assertThat(fromSa.code()).as(fromSa.err()).isZero();
        assertThat(fromSa.out()).contains("value: 11111111-2222-3333-4444-555555555555");
        assertThat(fromSa.err()).contains("no tenant id: pass --tenant-id").doesNotContain("DEFAULT_TENANT_ID");
        Run fromFlag = run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "inject",
                "-f",
                "-",
                "--ingestion-url",
                TestPods.INGESTION_URL,
                "--client-id",
                CLIENT,
                "--tenant-id",
                TestPods.TENANT_ID);
        assertThat(fromFlag.code()).as(fromFlag.err()).isZero();
        assertThat(fromFlag.err()).isEmpty();
        JsonNode proxy = parseYaml(fromFlag.out())
                .get(0)
                .path("items")
                .get(1)
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(1);
        assertThat(proxy.path("env").get(3).path("name").asText()).isEqualTo("AZURE_CLIENT_ID");
        assertThat(proxy.path("env").get(3).path("value").asText()).isEqualTo(CLIENT);
    }

    static List<JsonNode> parseAll(String text) {
        return parseYaml(text);
    }
}
