package io.azmonrw.webhook.mutation;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every injected proxy gets besides identity and endpoint: the cluster name, extra env vars and a CA bundle
 * ConfigMap (webhook env CLUSTER, PROXY_EXTRA_ENV, PROXY_CA_BUNDLE_CONFIGMAP and PROXY_CA_BUNDLE_KEY).
 *
 * @param extraEnv already validated: no name the webhook sets itself, no duplicate
 * @param caBundleConfigMap the ConfigMap in the pod's own namespace; empty for none
 * @param caBundleKey the key of that ConfigMap holding the PEM bundle
 */
public record ProxyExtras(
        Optional<String> cluster, List<EnvVar> extraEnv, Optional<String> caBundleConfigMap, String caBundleKey) {
    public static final String DEFAULT_CA_BUNDLE_KEY = "ca-bundle.crt";
    /** Nothing extra: the injection of docs/design.md, What the webhook injects, without the optional parts. */
    public static final ProxyExtras NONE =
            new ProxyExtras(Optional.empty(), List.of(), Optional.empty(), DEFAULT_CA_BUNDLE_KEY);

    public ProxyExtras {
        Objects.requireNonNull(cluster, "cluster");
        extraEnv = ExtraEnv.redacted(extraEnv);
        Objects.requireNonNull(caBundleConfigMap, "caBundleConfigMap");
        Objects.requireNonNull(caBundleKey, "caBundleKey");
    }

    /** Where the proxy finds the bundle: {@code CA_BUNDLE_FILE}. */
    public Optional<String> caBundleFile() {
        return caBundleConfigMap.map(
                cm -> io.azmonrw.common.Contract.Injection.CA_BUNDLE_MOUNT_PATH + "/" + caBundleKey);
    }
}
