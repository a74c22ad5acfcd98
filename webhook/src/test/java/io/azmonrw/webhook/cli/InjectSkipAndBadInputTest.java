package io.azmonrw.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.cli.InjectCommandTest.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What inject leaves alone (byte for byte, one line each on stderr), and every way input can be refused. */
class InjectSkipAndBadInputTest {
    static final String URL = InjectGoldenTest.URL;
    static final String CLIENT = InjectGoldenTest.CLIENT;

    static Run run(String input, String... args) {
        return InjectCommandTest.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
    }

    @Test
    void leavesEveryNonPrometheusOrExcludedWorkloadByteForByteAndSaysWhy() throws IOException {
        String input = Files.readString(Path.of("src/test/resources/cli/skipped.yaml"));
        Run r = run(
                input,
                "inject",
                "-f",
                "-",
                "--client-id",
                CLIENT,
                "--tenant-id",
                InjectGoldenTest.TENANT,
                "--ingestion-url",
                URL);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(input);
        assertThat(r.err().lines().toList())
                .containsExactly(
                        "skipped: document 1 (Pod nginx): not a Prometheus pod template (its labels do not match app.kubernetes.io/name in"
                                + " (prometheus,prometheus-agent)); annotate it with azmon-rw.io/inject: \"true\" or pass --all to inject it",
                        "skipped: document 2 (Deployment kube-prometheus-stack-grafana): not a Prometheus pod template (its labels do not match"
                                + " app.kubernetes.io/name in (prometheus,prometheus-agent)); annotate it with azmon-rw.io/inject: \"true\" or pass --all to inject it",
                        "skipped: document 3 (Job kube-prometheus-stack-admission-create): not a Prometheus pod template (its labels do not match"
                                + " app.kubernetes.io/name in (prometheus,prometheus-agent)); annotate it with azmon-rw.io/inject: \"true\" or pass --all to inject it",
                        "skipped: document 4 (StatefulSet opted-out): opted out (azmon-rw.io/inject: \"false\")",
                        "skipped: document 5 (DaemonSet host-network-prometheus): hostNetwork pods are not injected (the proxy port would be opened on the node)",
                        "skipped: document 6 (Prometheus manual): pod already has a container named prom-remotewrite (manual setup); left unchanged."
                                + " Remove it to let the webhook inject the proxy",
                        "warning: document 8 (Rollout prometheus-rollout): kind Rollout has a pod template but is not a kind inject knows; left unchanged");
    }

    @Test
    void allInjectsEveryTemplateButStillHonoursOptOutHostNetworkAndManualSidecars() throws IOException {
        String input = Files.readString(Path.of("src/test/resources/cli/skipped.yaml"));
        Run r = run(
                input,
                "inject",
                "-f",
                "-",
                "--client-id",
                CLIENT,
                "--tenant-id",
                InjectGoldenTest.TENANT,
                "--ingestion-url",
                URL,
                "--all");
        assertThat(r.code()).as(r.err()).isZero();
        var in = InjectCommandTest.parseAll(input);
        var out = InjectCommandTest.parseAll(r.out());
        assertThat(out).hasSameSizeAs(in);
        for (int i : List.of(0, 1, 2)) {
            assertThat(out.get(i).toString()).as("document " + (i + 1)).contains("\"prom-remotewrite\"");
        }
        for (int i : List.of(3, 4, 5, 6, 7, 8)) {
            assertThat(out.get(i)).as("document " + (i + 1)).isEqualTo(in.get(i));
        }
        assertThat(r.err())
                .contains("document 4 (StatefulSet opted-out): opted out")
                .contains("document 5")
                .contains("document 6");
    }

    static Stream<Arguments> badInputs() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app.kubernetes.io/name: prometheus}}\n"
                + "spec: {containers: [{name: a, image: a}]}\n";
        String prom =
                "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k, namespace: monitoring}\n"
                        + "spec: {serviceAccountName: prom}\n";
        String good = "--ingestion-url=" + URL;
        List<Arguments> a = new ArrayList<>();
        // bad URLs: the proxy's own start-up rule, before any output
        a.add(Arguments.of(
                pod,
                new String[] {"--client-id", "c", "--ingestion-url", "mydce.example"},
                "--ingestion-url must be an https URL"));
        a.add(Arguments.of(
                pod,
                new String[] {"--client-id", "c", "--ingestion-url", "http://127.0.0.1:1/x"},
                "--ingestion-url must be an https URL"));
        a.add(Arguments.of(
                pod,
                new String[] {"--client-id", "c", "--ingestion-url", "https://dce.example/api/v1/write"},
                "--ingestion-url does not look like an Azure Monitor metrics ingestion URL"));
        a.add(Arguments.of(
                pod,
                new String[] {"--client-id", "c", "--ingestion-url", URL.replaceFirst("\\?.*", "")},
                "has no api-version"));
        a.add(Arguments.of(
                pod,
                new String[] {"--client-id", "c", "--ingestion-url", "https://a b/"},
                "--ingestion-url is not a URL"));
        a.add(Arguments.of(
                pod.replace("labels:", "annotations: {azmon-rw.io/ingestion-url: 'https://x.example/'}, labels:"),
                new String[] {"--client-id", "c", good},
                "document 1 (Pod p): annotation azmon-rw.io/ingestion-url does not look like"));
        // identity
        a.add(Arguments.of(
                pod,
                new String[] {good},
                "document 1 (Pod p): no client id: pass --client-id, or include ServiceAccount default"));
        a.add(
                Arguments.of(
                        prom,
                        new String[] {good},
                        "document 1 (Prometheus k): no client id: pass --client-id, or include ServiceAccount monitoring/prom"));
        a.add(Arguments.of(
                "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: prom, namespace: other, annotations: "
                        + "{azure.workload.identity/client-id: c}}\n---\n" + prom,
                new String[] {good},
                "document 2 (Prometheus k): no client id"));
        a.add(Arguments.of(
                pod, new String[] {"--client-id", "c"}, "document 1 (Pod p): no ingestion URL: pass --ingestion-url"));
        // documents
        a.add(Arguments.of(
                "kind: ConfigMap\nmetadata: {name: a}\n---\nkind: Pod\nspec: [unclosed\n",
                new String[] {good},
                "document 2: not valid YAML"));
        a.add(Arguments.of("{\"kind\": \"Pod\", ", new String[] {good}, "document 1: not valid JSON"));
        a.add(Arguments.of(
                pod.replace("prometheus}}", "prometheus}, annotations: {copy: *l}}")
                        .replace("labels: {", "labels: &l {"),
                new String[] {"--client-id", "c", good},
                "document 1 (Pod p): uses YAML aliases"));
        a.add(Arguments.of(
                "kind: ConfigMap\nmetadata: {name: a}\n...\nkind: ConfigMap\nmetadata: {name: b}\n",
                new String[] {good},
                "document 1: not valid YAML: expected '<document start>'"));
        a.add(Arguments.of("just text\n", new String[] {good}, "document 1: not a Kubernetes object"));
        a.add(Arguments.of("- a\n- b\n", new String[] {good}, "document 1: not a Kubernetes object"));
        a.add(Arguments.of("metadata: {name: p}\n", new String[] {good}, "document 1 (p): has no kind"));
        a.add(Arguments.of(
                "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n",
                new String[] {good},
                "document 1 (Deployment web): spec.template is missing"));
        a.add(Arguments.of(
                "kind: Pod\nmetadata: {name: p}\nspec: {}\n",
                new String[] {good},
                "document 1 (Pod p): the pod spec has no containers list"));
        a.add(Arguments.of(
                pod.replace("image: a}", "ports: oops}"),
                new String[] {"--client-id", "c", good},
                "document 1 (Pod p): not a valid pod"));
        a.add(Arguments.of(
                "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k}\n",
                new String[] {good},
                "document 1 (Prometheus k): spec is missing"));
        a.add(Arguments.of(
                "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
                new String[] {good},
                "document 1 (List): items is not a list"));
        a.add(Arguments.of("", new String[] {good}, "- has no documents"));
        a.add(Arguments.of("---\n# nothing\n---\n", new String[] {good}, "- has no documents"));
        // flags
        a.add(Arguments.of(pod, new String[] {"--bogus"}, "unknown argument '--bogus'"));
        a.add(Arguments.of(pod, new String[] {"--all=maybe"}, "--all takes no value"));
        a.add(Arguments.of(pod, new String[] {"--client-id"}, "--client-id needs a value"));
        a.add(Arguments.of(
                pod,
                new String[] {good, "--cloud", "AZURECUSTOM"},
                "--cloud must be AZUREPUBLIC, AZUREGOVERNMENT or AZURECHINA"));
        a.add(Arguments.of(pod, new String[] {good, "--cloud", "mars"}, "--cloud must be"));
        a.add(Arguments.of(
                pod,
                new String[] {good, "--authority-host", "http://login.example/"},
                "--authority-host must be an https URL"));
        return a.stream();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badInputs")
    void badInputExitsTwoWithOneLineAndNothingOnStdout(String input, String[] flags, String message) {
        List<String> args = new ArrayList<>(List.of("inject", "-f", "-"));
        args.addAll(List.of(flags));
        Run r = run(input, args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList())
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("error: ").contains(message));
    }

    @Test
    void cloudAndAuthorityHostReachTheProxyAsTheWebhooksCloudSettingsDo() throws IOException {
        String input = Files.readString(Path.of("src/test/resources/cli/in/pod.yaml"));
        Run r = run(
                input,
                "inject",
                "-f",
                "-",
                "--client-id",
                CLIENT,
                "--tenant-id",
                InjectGoldenTest.TENANT,
                "--ingestion-url",
                URL,
                "--cloud",
                "azuregovernment",
                "--authority-host",
                "https://login.sovereign.example");
        assertThat(r.code()).as(r.err()).isZero();
        String env = InjectCommandTest.parseAll(r.out()).get(0).toString();
        assertThat(env)
                .contains("{\"name\":\"CLOUD\",\"value\":\"AZUREGOVERNMENT\"}")
                .contains("{\"name\":\"AZURE_AUTHORITY_HOST\",\"value\":\"https://login.sovereign.example/\"}");
    }

    @Test
    void missingFileAndMissingFlagAreRefusedLikeBadInput(@org.junit.jupiter.api.io.TempDir Path tmp) {
        for (String[] args : List.of(
                new String[] {"inject", "-f", tmp.resolve("missing.yaml").toString()},
                new String[] {"inject", "--client-id", "c"},
                new String[] {"uninject", "--client-id", "c", "-f", "-"})) {
            Run r = run("", args);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList())
                    .singleElement()
                    .satisfies(l -> assertThat(l).startsWith("error: "));
        }
    }
}
