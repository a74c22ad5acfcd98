package io.azmonrw.proxy.it;

import io.azmonrw.testkit.IngestionStandIn;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: testkit's plain-HTTP ingestion stand-in and one in-JVM proxy sending to it with small caps (4096-byte
 * bodies, 6000 bytes in flight, 50000 decoded bytes) and a counting fake identity, plus the test's own env.
 */
final class PlainProxyFixture implements BeforeEachCallback, AfterEachCallback {
    private final Map<String, String> env;
    private IngestionStandIn ingestion;
    private ProxyHarness proxy;

    /** {@code env} is added to (and wins over) the small caps. */
    PlainProxyFixture(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ingestion = IngestionStandIn.startPlainHttp();
        proxy = new ProxyHarness(env(ingestion, env), ProxyHarness.counting(new AtomicInteger()));
    }

    /** The proxy's env for {@code ingestion}: the small caps, then {@code extra}. */
    static Map<String, String> env(IngestionStandIn ingestion, Map<String, String> extra) {
        Map<String, String> e = ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test"));
        e.put("MAX_BODY_BYTES", "4096");
        e.put("MAX_INFLIGHT_BYTES", "6000");
        e.put("MAX_DECODED_BYTES", "50000");
        e.putAll(extra);
        return e;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            ingestion.close();
        }
    }

    IngestionStandIn ingestion() {
        return ingestion;
    }

    ProxyHarness proxy() {
        return proxy;
    }
}
