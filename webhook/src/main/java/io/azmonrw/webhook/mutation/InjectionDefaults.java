package io.azmonrw.webhook.mutation;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.webhook.WebhookConfig;
import java.net.URI;
import java.util.Optional;

/** The webhook-wide values an injection starts from, before pod, namespace and ServiceAccount overrides. */
public record InjectionDefaults(
        String image,
        int port,
        Optional<String> ingestionUrl,
        Optional<String> clientId,
        Optional<String> tenantId,
        String authorityHost,
        String cloud,
        Optional<String> audience,
        ProxyResources resources,
        String version,
        ProxyExtras extras) {

    public static InjectionDefaults from(WebhookConfig c) {
        return new InjectionDefaults(
                c.proxyImage(),
                c.proxyPort(),
                c.ingestionUrl().map(URI::toString),
                c.defaultClientId(),
                c.defaultTenantId(),
                c.authorityHost(),
                c.cloud().name(),
                c.ingestionAadAudience(),
                new ProxyResources(
                        c.proxyCpuRequest(), c.proxyCpuLimit(), c.proxyMemoryRequest(), c.proxyMemoryLimit()),
                BuildInfo.version(WebhookConfig.class),
                new ProxyExtras(c.cluster(), c.proxyExtraEnv(), c.proxyCaBundleConfigMap(), c.proxyCaBundleKey()));
    }
}
