package io.azmonrw.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server of the webhook run by MonitoringDashboardIT: fabric8's KubernetesMockServer in CRUD mode on plain
 * http at 127.0.0.1 (the webhook, a separate process, reaches it through a kubeconfig), with expectations for the
 * calls it must fail. Label keys and the status annotation are spelled out here, not taken from the webhook's code.
 */
final class MockCluster implements AutoCloseable {
    /** MockWebServer logs every request at INFO through java.util.logging; held so that the level set here stays. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts the server on an ephemeral loopback port. */
    static MockCluster start() {
        MOCK_LOG.setLevel(Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        // mixed: objects are stored (CRUD, watches for the informers) and expectations answer what must fail
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new MockCluster(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A kubeconfig naming this server, as the webhook reads it from KUBECONFIG. */
    Path writeKubeconfig(Path file, String namespace) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: mock, user: {token: mock}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: %s}}]
                current-context: mock
                """.formatted(url(), namespace));
        return file;
    }

    void namespace(String name, boolean injectionEnabled) {
        NamespaceBuilder ns =
                new NamespaceBuilder().withNewMetadata().withName(name).endMetadata();
        if (injectionEnabled) {
            ns.editMetadata().addToLabels("azmon-rw.io/injection", "enabled").endMetadata();
        }
        client.namespaces().resource(ns.build()).create();
    }

    /** A ServiceAccount carrying its workload identity's client id, as azure-workload-identity documents it. */
    void serviceAccount(String namespace, String name, String clientId) {
        client.serviceAccounts()
                .inNamespace(namespace)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .addToAnnotations("azure.workload.identity/client-id", clientId)
                        .endMetadata()
                        .build())
                .create();
    }

    /**
     * A running Prometheus pod of StatefulSet {@code statefulSet} using ServiceAccount {@code serviceAccount}: without
     * the proxy when {@code injectedByVersion} is null, else with the proxy container and the status annotation the
     * webhook of that version writes.
     */
    void prometheusPod(
            String namespace, String name, String statefulSet, String serviceAccount, String injectedByVersion) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/name", "prometheus")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName(statefulSet)
                .withUid(UUID.nameUUIDFromBytes(statefulSet.getBytes(StandardCharsets.UTF_8))
                        .toString())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(serviceAccount)
                .addNewContainer()
                .withName("prometheus")
                .withImage("quay.io/prometheus/prometheus:v3.5.0")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
        if (injectedByVersion != null) {
            pod.editMetadata()
                    .addToAnnotations(
                            "azmon-rw.io/status",
                            "{\"version\":\"" + injectedByVersion
                                    + "\",\"mode\":\"container\",\"container\":\"prom-remotewrite\",\"volumes\":[\"azmon-rw-token\",\"azmon-rw-tmp\"]}")
                    .endMetadata()
                    .editSpec()
                    .addNewContainer()
                    .withName("prom-remotewrite")
                    .withImage("azmon-rw-proxy:" + injectedByVersion)
                    .endContainer()
                    .endSpec();
        }
        client.pods().inNamespace(namespace).resource(pod.build()).create();
    }

    /** Every GET of {@code path} answers 500 from now on: the API server failing a lookup. */
    void failGets(String path) {
        server.expect()
                .get()
                .withPath(path)
                .andReturn(
                        500,
                        "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
                                + "\"reason\":\"InternalError\",\"message\":\"etcdserver: request timed out\",\"code\":500}")
                .always();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
