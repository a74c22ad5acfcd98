package io.azmonrw.webhook.mutation;

import io.azmonrw.common.config.Quantity;
import io.azmonrw.webhook.TestPods;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/** The injection specs the mutator tests start from: the documented default resources, written out by hand. */
final class TestSpecs {
    private static final ProxyResources DEFAULTS = new ProxyResources(
            Quantity.parse("50m"), Quantity.parse("500m"), Quantity.parse("128Mi"), Quantity.parse("256Mi"));

    private TestSpecs() {}

    static InjectionSpec spec(boolean nativeSidecar, Optional<String> audience, ProxyExtras extras) {
        return new InjectionSpec(
                "registry.example/azmon-rw-proxy:1.2.3",
                8081,
                TestPods.INGESTION_URL,
                "cid",
                Optional.of(TestPods.TENANT_ID),
                "https://login.microsoftonline.com/",
                "AZUREPUBLIC",
                audience,
                DEFAULTS.resolve(Map.of(), new ArrayList<>()),
                nativeSidecar,
                "1.0.0",
                extras);
    }

    static InjectionSpec spec(boolean nativeSidecar, Optional<String> audience) {
        return spec(nativeSidecar, audience, ProxyExtras.NONE);
    }
}
