package io.azmonrw.webhook.check;

import io.azmonrw.webhook.certs.CertificateBundle;
import io.azmonrw.webhook.certs.CertificateGenerator;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;

/** A healthy install and Prometheus pod on the mock API server, which each golden case then breaks in one way. */
final class CheckCluster {
    static final Instant ISSUED = Instant.parse("2026-06-01T00:00:00Z");
    static final String WH = "azmon-rw-system";
    static final String NS = "team-a";
    static final String CLIENT_ID = "0b5c8f0e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
    static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    /** What InjectionStatus writes for version 0.1.0, spelled out. */
    static final String STATUS = "{\"version\":\"0.1.0\",\"mode\":\"container\",\"container\":\"prom-remotewrite\","
            + "\"volumes\":[\"azmon-rw-token\",\"azmon-rw-tmp\"]}";

    static final String READY_UP =
            "{\"status\":\"UP\",\"checks\":[{\"name\":\"config\",\"status\":\"UP\",\"gating\":true,"
                    + "\"detail\":\"forwarding to dce.westeurope-1.metrics.ingest.monitor.example\"},{\"name\":\"token\",\"status\":\"UP\","
                    + "\"gating\":false,\"detail\":\"token valid until 2026-06-02T01:00:00Z\"}],\"upstream\":{\"status\":204,"
                    + "\"time\":\"2026-06-02T00:59:30Z\",\"reason\":\"ok\"},\"futureField\":{\"x\":1}}";

    final CertificateBundle certs =
            CertificateGenerator.generate("azmon-rw-webhook", WH, ISSUED, Duration.ofDays(365), null);
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    CheckCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    void install() {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(WH)
                        .endMetadata()
                        .build())
                .create();
        client.apps()
                .deployments()
                .inNamespace(WH)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook")
                        .withNamespace(WH)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(2)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("webhook")
                        .withImage("ghcr.io/azmon-rw/azmon-rw-webhook:0.1.0")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .withNewStatus()
                        .withReplicas(2)
                        .withReadyReplicas(2)
                        .endStatus()
                        .build())
                .create();
        client.configMaps()
                .inNamespace(WH)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook-env")
                        .withNamespace(WH)
                        .endMetadata()
                        .addToData("CERT_MODE", "files")
                        .addToData("CERT_SECRET_NAME", "azmon-rw-webhook-tls")
                        .addToData("WEBHOOK_CONFIG_NAME", "azmon-rw-webhook")
                        .addToData("PROXY_PORT", "8081")
                        .addToData("PROMETHEUS_POD_SELECTOR", "app.kubernetes.io/name in (prometheus,prometheus-agent)")
                        .build())
                .create();
        client.services()
                .inNamespace(WH)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook")
                        .withNamespace(WH)
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector("app.kubernetes.io/name", "azmon-rw-webhook")
                        .endSpec()
                        .build())
                .create();
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(WH)
                .resource(new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook-abcde")
                        .withNamespace(WH)
                        .addToLabels("kubernetes.io/service-name", "azmon-rw-webhook")
                        .endMetadata()
                        .withAddressType("IPv4")
                        .addNewEndpoint()
                        .withAddresses("10.0.0.10")
                        .withNewConditions()
                        .withReady(true)
                        .endConditions()
                        .endEndpoint()
                        .addNewEndpoint()
                        .withAddresses("10.0.0.11")
                        .withNewConditions()
                        .withReady(true)
                        .endConditions()
                        .endEndpoint()
                        .build())
                .create();
        client.secrets()
                .inNamespace(WH)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook-tls")
                        .withNamespace(WH)
                        .endMetadata()
                        .withType("kubernetes.io/tls")
                        .withData(certs.toSecretData())
                        .build())
                .create();
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .resource(new MutatingWebhookConfigurationBuilder()
                        .withNewMetadata()
                        .withName("azmon-rw-webhook")
                        .endMetadata()
                        .addNewWebhook()
                        .withName("inject.azmon-rw.io")
                        .withFailurePolicy("Ignore")
                        .withNewClientConfig()
                        .withCaBundle(certs.caBundleBase64())
                        .withNewService()
                        .withName("azmon-rw-webhook")
                        .withNamespace(WH)
                        .withPath("/mutate")
                        .endService()
                        .endClientConfig()
                        .withSideEffects("None")
                        .withAdmissionReviewVersions("v1")
                        .endWebhook()
                        .build())
                .create();

        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .addToLabels("azmon-rw.io/injection", "enabled")
                        .endMetadata()
                        .build())
                .create();
        client.serviceAccounts()
                .inNamespace(NS)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("prometheus")
                        .withNamespace(NS)
                        .addToAnnotations("azure.workload.identity/client-id", CLIENT_ID)
                        .addToAnnotations("azure.workload.identity/tenant-id", TENANT_ID)
                        .endMetadata()
                        .build())
                .create();
        client.pods().inNamespace(NS).resource(injected("prom-0", true)).create();
        ready("prom-0", 200, READY_UP);
    }

    void ready(String pod, int code, String body) {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + ":8081/proxy/ready")
                .andReturn(code, body)
                .always();
    }

    static PodBuilder prometheus(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("app.kubernetes.io/name", "prometheus")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName("prometheus-k8s")
                .withUid("sts-uid")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("prometheus")
                .addNewContainer()
                .withName("prometheus")
                .withImage("quay.io/prometheus/prometheus:v3.5.0")
                .endContainer()
                .endSpec();
    }

    /** A pod as the webhook leaves it: status annotation, proxy container with rw-port, projected token volume. */
    static Pod injected(String name, boolean proxyReady) {
        return prometheus(name)
                .editMetadata()
                .addToAnnotations("azmon-rw.io/status", STATUS)
                .addToLabels("azmon-rw.io/proxy", "injected")
                .endMetadata()
                .editSpec()
                .addNewContainer()
                .withName("prom-remotewrite")
                .withImage("ghcr.io/azmon-rw/azmon-rw-proxy:0.1.0")
                .addNewPort()
                .withName("rw-port")
                .withContainerPort(8081)
                .endPort()
                .endContainer()
                .addNewVolume()
                .withName("azmon-rw-token")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withAudience("api://AzureADTokenExchange")
                .withExpirationSeconds(3600L)
                .withPath("azure-identity-token")
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("prometheus")
                .withReady(true)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .endContainerStatus()
                .addNewContainerStatus()
                .withName("prom-remotewrite")
                .withReady(proxyReady)
                .withRestartCount(proxyReady ? 0 : 3)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
