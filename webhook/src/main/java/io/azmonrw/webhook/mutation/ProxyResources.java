package io.azmonrw.webhook.mutation;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.config.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;

/**
 * Resources of the injected container: the configured defaults, overridden per pod by annotations. An invalid
 * override, or one that puts a request above its limit, falls back to the default with a warning: never a denial.
 */
public record ProxyResources(Quantity cpuRequest, Quantity cpuLimit, Quantity memoryRequest, Quantity memoryLimit) {

    /** The resources for a pod with these annotations; warnings for the AdmissionResponse are added to {@code warnings}. */
    public ResourceRequirements resolve(Map<String, String> annotations, List<String> warnings) {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        Quantity cpuReq = override(a, Keys.PROXY_CPU_REQUEST, cpuRequest, warnings);
        Quantity cpuLim = override(a, Keys.PROXY_CPU_LIMIT, cpuLimit, warnings);
        Quantity memReq = override(a, Keys.PROXY_MEMORY_REQUEST, memoryRequest, warnings);
        Quantity memLim = override(a, Keys.PROXY_MEMORY_LIMIT, memoryLimit, warnings);
        if (cpuReq.value().compareTo(cpuLim.value()) > 0) {
            warnings.add("azmon-rw: cpu request " + cpuReq + " is above cpu limit " + cpuLim + "; using the defaults "
                    + cpuRequest + "/" + cpuLimit);
            cpuReq = cpuRequest;
            cpuLim = cpuLimit;
        }
        if (memReq.value().compareTo(memLim.value()) > 0) {
            warnings.add("azmon-rw: memory request " + memReq + " is above memory limit " + memLim
                    + "; using the defaults " + memoryRequest + "/" + memoryLimit);
            memReq = memoryRequest;
            memLim = memoryLimit;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", q(cpuReq))
                .addToRequests("memory", q(memReq))
                .addToLimits("cpu", q(cpuLim))
                .addToLimits("memory", q(memLim))
                .build();
    }

    private static Quantity override(
            Map<String, String> annotations, String key, Quantity fallback, List<String> warnings) {
        String v = annotations.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Quantity.parse(v);
        } catch (IllegalArgumentException e) {
            warnings.add("azmon-rw: annotation " + key + ": " + e.getMessage() + "; using the default " + fallback);
            return fallback;
        }
    }

    private static io.fabric8.kubernetes.api.model.Quantity q(Quantity quantity) {
        return new io.fabric8.kubernetes.api.model.Quantity(quantity.text());
    }
}
