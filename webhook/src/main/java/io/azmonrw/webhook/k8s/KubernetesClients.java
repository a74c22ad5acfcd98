package io.azmonrw.webhook.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/** Builds the fabric8 client: in-cluster config or KUBECONFIG (fabric8's auto-configuration), with every request bounded by API_TIMEOUT. */
public final class KubernetesClients {
    private KubernetesClients() {}

    public static KubernetesClient create(Duration apiTimeout) {
        return create(Config.autoConfigure(null), apiTimeout);
    }

    /** Applies our timeouts to a given config (tests pass the mock server's). */
    public static KubernetesClient create(Config base, Duration apiTimeout) {
        int ms = (int)
                Math.min(Integer.MAX_VALUE, apiTimeout.plus(BoundedApi.GRACE).toMillis());
        Config config = new ConfigBuilder(base)
                .withRequestTimeout(ms)
                .withConnectionTimeout(ms)
                // an admission waits at most API_TIMEOUT: retries with backoff would only keep worker threads busy past
                // it
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
