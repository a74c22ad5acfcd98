package io.azmonrw.webhook.mutation;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.Placeholders;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves what one pod gets from the defaults and the overrides of docs/design.md, Names and selection: pod annotations win over
 * namespace annotations (ingestion URL) and ServiceAccount annotations (client and tenant id), which win over defaults.
 */
public final class SpecResolver {

    /** Either a spec to inject, or why not (reason is a metric label, message names what to add). */
    public record Resolution(Optional<InjectionSpec> spec, String reason, String message) {
        static Resolution of(InjectionSpec spec) {
            return new Resolution(Optional.of(spec), "injected", "");
        }

        static Resolution missing(String reason, String message) {
            return new Resolution(Optional.empty(), reason, message);
        }
    }

    private final InjectionDefaults defaults;

    public SpecResolver(InjectionDefaults defaults) {
        this.defaults = defaults;
    }

    public InjectionDefaults defaults() {
        return defaults;
    }

    /**
     * @param saName the ServiceAccount name as shown in messages ({@code default} when the pod names none)
     * @param warnings collects non-fatal problems for the AdmissionResponse
     */
    public Resolution resolve(
            Pod pod,
            String namespace,
            String saName,
            Map<String, String> namespaceAnnotations,
            Map<String, String> saAnnotations,
            boolean nativeDefault,
            List<String> warnings) {
        Map<String, String> pa = podAnnotations(pod);
        Map<String, String> na = namespaceAnnotations == null ? Map.of() : namespaceAnnotations;
        Map<String, String> sa = saAnnotations == null ? Map.of() : saAnnotations;

        Optional<String> clientId =
                first(pa.get(Keys.CLIENT_ID), sa.get(Keys.WI_CLIENT_ID)).or(defaults::clientId);
        if (clientId.isEmpty()) {
            String where = namespace == null ? saName : namespace + "/" + saName;
            return Resolution.missing(
                    "no_client_id",
                    "azmon-rw: no client id: annotate ServiceAccount " + where + " with "
                            + Keys.WI_CLIENT_ID + "=<client id> (or the pod with " + Keys.CLIENT_ID
                            + "); pod admitted without the remote-write proxy");
        }
        if (Placeholders.is(clientId.get())) {
            String where = namespace == null ? saName : namespace + "/" + saName;
            return Resolution.missing(
                    "no_client_id",
                    "azmon-rw: the client id '" + clientId.get() + "' is an example's placeholder: "
                            + "put the identity's client id in " + Keys.WI_CLIENT_ID + " on ServiceAccount " + where
                            + " (or " + Keys.CLIENT_ID
                            + " on the pod); pod admitted without the remote-write proxy");
        }
        Optional<String> tenantId = first(pa.get(Keys.TENANT_ID), sa.get(Keys.WI_TENANT_ID));
        if (tenantId.isPresent() && Placeholders.is(tenantId.get())) {
            warnings.add("azmon-rw: the tenant id '" + tenantId.get()
                    + "' is an example's placeholder: ignored; put the tenant id in " + Keys.WI_TENANT_ID
                    + " on the ServiceAccount");
            tenantId = Optional.empty();
        }
        tenantId = tenantId.or(defaults::tenantId);
        if (tenantId.isEmpty()) {
            warnings.add(
                    "azmon-rw: no tenant id: AZURE_TENANT_ID not set in the proxy; annotate the ServiceAccount with "
                            + Keys.WI_TENANT_ID + " or set DEFAULT_TENANT_ID");
        }
        Optional<String> url = url(pa, "pod", warnings)
                .or(() -> url(na, "namespace", warnings))
                .or(defaults::ingestionUrl);
        if (url.isEmpty()) {
            return Resolution.missing(
                    "no_ingestion_url",
                    "azmon-rw: no ingestion URL: annotate the pod or namespace with " + Keys.INGESTION_URL
                            + "=<url> or set INGESTION_URL; pod admitted without the remote-write proxy");
        }
        boolean nativeSidecar = nativeDefault;
        String nativeAnnotation = pa.get(Keys.NATIVE_SIDECAR);
        if (nativeAnnotation != null) {
            switch (nativeAnnotation.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> nativeSidecar = true;
                case "false" -> nativeSidecar = false;
                default ->
                    warnings.add("azmon-rw: annotation " + Keys.NATIVE_SIDECAR + ": '" + nativeAnnotation
                            + "' is not true or false; using " + nativeDefault);
            }
        }
        return Resolution.of(new InjectionSpec(
                defaults.image(),
                defaults.port(),
                url.get(),
                clientId.get(),
                tenantId,
                defaults.authorityHost(),
                defaults.cloud(),
                defaults.audience(),
                defaults.resources().resolve(pa, warnings),
                nativeSidecar,
                defaults.version(),
                defaults.extras()));
    }

    private static Optional<String> url(Map<String, String> annotations, String where, List<String> warnings) {
        String v = annotations.get(Keys.INGESTION_URL);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(v.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && u.getHost() != null) {
                return Optional.of(v.trim());
            }
        } catch (URISyntaxException e) {
            // reported below like any other unusable value
        }
        warnings.add(
                "azmon-rw: " + where + " annotation " + Keys.INGESTION_URL + " is not an absolute https URL; ignored");
        return Optional.empty();
    }

    private static Optional<String> first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a.trim());
        }
        if (b != null && !b.isBlank()) {
            return Optional.of(b.trim());
        }
        return Optional.empty();
    }

    static Map<String, String> podAnnotations(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null) {
            return Map.of();
        }
        return pod.getMetadata().getAnnotations();
    }
}
