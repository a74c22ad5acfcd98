package io.azmonrw.webhook.mutation;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the mutator puts into one pod, already resolved from config, annotations and the ServiceAccount.
 *
 * @param tenantId empty when no tenant is known anywhere: AZURE_TENANT_ID is then not set
 * @param audience INGESTION_AAD_AUDIENCE, set only when configured
 * @param version the webhook version written into the status annotation
 * @param extras cluster name, extra env and CA bundle given to every proxy
 */
public record InjectionSpec(
        String image,
        int port,
        String ingestionUrl,
        String clientId,
        Optional<String> tenantId,
        String authorityHost,
        String cloud,
        Optional<String> audience,
        ResourceRequirements resources,
        boolean nativeSidecar,
        String version,
        ProxyExtras extras) {

    public InjectionSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(ingestionUrl, "ingestionUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(authorityHost, "authorityHost");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(extras, "extras");
    }
}
