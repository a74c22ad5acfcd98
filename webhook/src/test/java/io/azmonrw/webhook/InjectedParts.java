package io.azmonrw.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;

/** Checks the injected parts against docs/design.md, What the webhook injects, with the expected values written out by hand. */
public final class InjectedParts {
    private InjectedParts() {}

    /** What a test expects in the proxy's env and resources. */
    public record Expected(
            String image,
            String ingestionUrl,
            String clientId,
            String tenantId,
            boolean nativeSidecar,
            String cpuRequest,
            String cpuLimit,
            String memoryRequest,
            String memoryLimit) {
        public static Expected defaults(String clientId, boolean nativeSidecar) {
            return new Expected(
                    "registry.example/azmon-rw-proxy:1.2.3",
                    TestPods.INGESTION_URL,
                    clientId,
                    TestPods.TENANT_ID,
                    nativeSidecar,
                    "50m",
                    "500m",
                    "128Mi",
                    "256Mi");
        }
    }

    public static void check(Pod pod, Expected e) {
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("azure.workload.identity/use", "true")
                .containsEntry("azmon-rw.io/proxy", "injected");
        String status = pod.getMetadata().getAnnotations().get("azmon-rw.io/status");
        assertThat(status).isNotNull();
        JsonNode s;
        try {
            s = TestPods.JSON.readTree(status);
        } catch (Exception ex) {
            throw new AssertionError("status annotation is not JSON: " + status, ex);
        }
        assertThat(s.path("version").asText()).isNotEmpty();
        assertThat(s.path("mode").asText()).isEqualTo(e.nativeSidecar() ? "native-sidecar" : "container");

        List<Container> list = e.nativeSidecar()
                ? pod.getSpec().getInitContainers()
                : pod.getSpec().getContainers();
        Container c = list.get(list.size() - 1);
        assertThat(c.getName()).as("proxy is last").isEqualTo("prom-remotewrite");
        assertThat(c.getRestartPolicy()).isEqualTo(e.nativeSidecar() ? "Always" : null);
        assertThat(c.getImage()).isEqualTo(e.image());
        assertThat(c.getPorts()).hasSize(1);
        assertThat(c.getPorts().get(0).getName()).isEqualTo("rw-port");
        assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8081);
        assertThat(c.getEnv().stream()
                        .map(v -> v.getName() + "=" + v.getValue())
                        .toList())
                .containsExactly(
                        "INGESTION_URL=" + e.ingestionUrl(),
                        "LISTENING_PORT=8081",
                        "IDENTITY_TYPE=workloadIdentity",
                        "AZURE_CLIENT_ID=" + e.clientId(),
                        "AZURE_TENANT_ID=" + e.tenantId(),
                        "AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azmon-rw/tokens/azure-identity-token",
                        "AZURE_AUTHORITY_HOST=https://login.microsoftonline.com/",
                        "CLOUD=AZUREPUBLIC");
        assertThat(c.getEnv()).allMatch((EnvVar v) -> v.getValueFrom() == null);
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo(e.cpuRequest());
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo(e.cpuLimit());
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo(e.memoryRequest());
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo(e.memoryLimit());
        assertThat(c.getVolumeMounts()).hasSize(2);
        assertThat(c.getVolumeMounts().get(0).getName()).isEqualTo("azmon-rw-token");
        assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/var/run/secrets/azmon-rw/tokens");
        assertThat(c.getVolumeMounts().get(0).getReadOnly()).isTrue();
        assertThat(c.getVolumeMounts().get(1).getName()).isEqualTo("azmon-rw-tmp");
        assertThat(c.getVolumeMounts().get(1).getMountPath()).isEqualTo("/tmp");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("rw-port");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("rw-port");
        var sc = c.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getPrivileged()).isNull();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        for (String azurePath : List.of("/var/run/secrets/azure/tokens", "/var/run/secrets/azure/wi")) {
            assertThat(c.getVolumeMounts()).noneMatch(m -> m.getMountPath().equals(azurePath));
        }

        Map<String, Volume> volumes = new java.util.HashMap<>();
        pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Volume token = volumes.get("azmon-rw-token");
        assertThat(token.getProjected().getSources()).hasSize(1);
        var sat = token.getProjected().getSources().get(0).getServiceAccountToken();
        assertThat(sat.getAudience()).isEqualTo("api://AzureADTokenExchange");
        assertThat(sat.getExpirationSeconds()).isEqualTo(3600L);
        assertThat(sat.getPath()).isEqualTo("azure-identity-token");
        Volume tmp = volumes.get("azmon-rw-tmp");
        assertThat(tmp.getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(tmp.getEmptyDir().getSizeLimit().toString()).isEqualTo("64Mi");
    }
}
