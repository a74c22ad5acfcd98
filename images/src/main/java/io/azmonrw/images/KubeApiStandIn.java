package io.azmonrw.images;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * A Kubernetes API on 127.0.0.1 (fabric8's mock server in CRUD mode, plain HTTP) holding what the webhook reads for
 * the kube-prometheus-stack fixture pod: the opted-in namespace and Prometheus' ServiceAccount with its client id.
 */
final class KubeApiStandIn implements AutoCloseable {

    private final KubernetesMockServer server;

    private KubeApiStandIn(KubernetesMockServer server) {
        this.server = server;
    }

    static KubeApiStandIn start(String clientId) {
        // the mock server logs every request through java.util.logging: only its problems belong in the report
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("monitoring")
                            .addToLabels("azmon-rw.io/injection", "enabled")
                            .endMetadata()
                            .build())
                    .create();
            client.serviceAccounts()
                    .inNamespace("monitoring")
                    .resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName("kube-prometheus-stack-prometheus")
                            .withNamespace("monitoring")
                            .addToAnnotations("azure.workload.identity/client-id", clientId)
                            .endMetadata()
                            .build())
                    .create();
        }
        return new KubeApiStandIn(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
