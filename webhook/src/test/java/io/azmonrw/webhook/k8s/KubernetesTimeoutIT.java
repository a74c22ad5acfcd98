package io.azmonrw.webhook.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.azmonrw.common.http.Timeouts;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What fabric8 (JDK HTTP client, our timeouts) really throws when the API server hangs or is not there, as common's Timeouts sees it. */
class KubernetesTimeoutIT {

    @Test
    void aHangingApiServerFailsTheCallWithATimeout() throws Exception {
        // the kernel completes TCP handshakes into the backlog; nobody ever reads: a hung API server
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                KubernetesClient client = client(silent.getLocalPort())) {
            Throwable failure = catchThrowable(
                    () -> client.namespaces().withName("monitoring").get());
            assertThat(failure).isInstanceOf(KubernetesClientException.class);
            assertThat(Timeouts.isTimeout(failure)).as("%s", failure).isTrue();
        }
    }

    @Test
    void aRefusedConnectionIsNoTimeout() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        try (KubernetesClient client = client(closedPort)) {
            Throwable failure = catchThrowable(
                    () -> client.namespaces().withName("monitoring").get());
            assertThat(failure).isInstanceOf(KubernetesClientException.class);
            assertThat(Timeouts.isTimeout(failure)).as("%s", failure).isFalse();
        }
    }

    private static KubernetesClient client(int port) {
        return KubernetesClients.create(
                new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withNamespace("default")
                        .build(),
                Duration.ofMillis(300));
    }
}
