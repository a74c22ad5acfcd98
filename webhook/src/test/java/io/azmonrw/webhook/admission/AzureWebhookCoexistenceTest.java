package io.azmonrw.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.InjectedParts;
import io.azmonrw.webhook.InjectedParts.Expected;
import io.azmonrw.webhook.PatchChecks;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.TestVertx;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Azure's workload-identity webhook acting on our output (it runs after us when its name sorts later, or on
 * reinvocation): written here from its documentation, the pod must stay valid and our values must survive.
 */
class AzureWebhookCoexistenceTest {
    private static final String SA_CLIENT = "3c1a7a44-9d0e-4b1f-8c2d-5e6f7a8b9c0d";
    private static final String AZURE_CLIENT = "11111111-2222-3333-4444-555555555555";

    /**
     * Azure's mutation as documented: for a pod labelled azure.workload.identity/use=true, every container and init
     * container gets AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST (only the
     * ones it does not have) and a read-only mount of the projected volume azure-identity-token; the pod gets
     * that volume once.
     */
    static JsonNode azureMutation(JsonNode podJson, String mountPath) {
        ObjectNode pod = podJson.deepCopy();
        assertThat(pod.path("metadata")
                        .path("labels")
                        .path("azure.workload.identity/use")
                        .asText())
                .isEqualTo("true");
        Map<String, String> env = Map.of(
                "AZURE_CLIENT_ID",
                AZURE_CLIENT,
                "AZURE_TENANT_ID",
                "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                "AZURE_FEDERATED_TOKEN_FILE",
                mountPath + "/azure-identity-token",
                "AZURE_AUTHORITY_HOST",
                "https://login.microsoftonline.com/");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : pod.path("spec").path(list)) {
                ObjectNode container = (ObjectNode) c;
                ArrayNode envs = container.has("env") ? (ArrayNode) container.get("env") : container.putArray("env");
                Set<String> have = new HashSet<>();
                envs.forEach(e -> have.add(e.path("name").asText()));
                for (String name : List.of(
                        "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST")) {
                    if (!have.contains(name)) {
                        envs.addObject().put("name", name).put("value", env.get(name));
                    }
                }
                ArrayNode mounts = container.has("volumeMounts")
                        ? (ArrayNode) container.get("volumeMounts")
                        : container.putArray("volumeMounts");
                boolean mounted = false;
                for (JsonNode m : mounts) {
                    mounted |= m.path("name").asText().equals("azure-identity-token");
                }
                if (!mounted) {
                    mounts.addObject()
                            .put("name", "azure-identity-token")
                            .put("mountPath", mountPath)
                            .put("readOnly", true);
                }
            }
        }
        ArrayNode volumes = (ArrayNode) pod.path("spec").path("volumes");
        boolean present = false;
        for (JsonNode v : volumes) {
            present |= v.path("name").asText().equals("azure-identity-token");
        }
        if (!present) {
            ObjectNode v = volumes.addObject().put("name", "azure-identity-token");
            v.putObject("projected")
                    .putArray("sources")
                    .addObject()
                    .putObject("serviceAccountToken")
                    .put("audience", "api://AzureADTokenExchange")
                    .put("expirationSeconds", 3600)
                    .put("path", "azure-identity-token");
        }
        return pod;
    }

    @ParameterizedTest
    @CsvSource({
        "kps-prometheus.json, /var/run/secrets/azure/tokens, container",
        "kps-prometheus.json, /var/run/secrets/azure/wi, container",
        "kps-prometheus.json, /var/run/secrets/azure/tokens, native",
        "chart-prometheus.json, /var/run/secrets/azure/wi, native",
        "azure-wi-older.json, /var/run/secrets/azure/tokens, container",
        "azure-wi-v1.6.json, /var/run/secrets/azure/wi, native"
    })
    void azureMutatingOurOutputKeepsThePodValidAndOurValues(String fixture, String azureMount, String mode)
            throws Exception {
        MapClusterLookup lookup = new MapClusterLookup();
        for (String sa : List.of("kube-prometheus-stack-prometheus", "prometheus-server")) {
            lookup.serviceAccount("monitoring", sa, Map.of("azure.workload.identity/client-id", SA_CLIENT));
        }
        AdmissionService s = new AdmissionService(
                TestVertx.shared(), TestPods.config(Map.of("SIDECAR_MODE", mode)), lookup, (p, n, m) -> {});
        ObjectNode raw = TestPods.pod(fixture);
        AdmissionResult r = s.review(TestPods.body(TestPods.review("admission.k8s.io/v1", "u", "CREATE", raw, false)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        JsonNode patch = TestPods.JSON.readTree(
                Base64.getDecoder().decode(r.review().getJsonObject("response").getString("patch")));
        JsonNode ours = PatchChecks.applyAndCheck(raw, patch);

        Pod both = PatchChecks.toPod(azureMutation(ours, azureMount));
        PatchChecks.checkValid(both);
        Container proxy = PatchChecks.proxy(both);
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar e : proxy.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        assertThat(env)
                .containsEntry("AZURE_CLIENT_ID", SA_CLIENT)
                .containsEntry("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azmon-rw/tokens/azure-identity-token")
                .containsEntry("AZURE_TENANT_ID", TestPods.TENANT_ID);
        assertThat(proxy.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactly("/var/run/secrets/azmon-rw/tokens", "/tmp", azureMount);

        // and our webhook, reinvoked after Azure's, leaves the pod alone
        AdmissionResult again = s.review(TestPods.body(
                        TestPods.review("admission.k8s.io/v1", "u2", "CREATE", azureMutation(ours, azureMount), false)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(again.review().getJsonObject("response").containsKey("patch"))
                .isFalse();
        InjectedParts.check(PatchChecks.toPod(ours), Expected.defaults(SA_CLIENT, mode.equals("native")));
    }
}
