package io.azmonrw.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpsProxyTest {
    @Test
    void noProxyMatchesHostsAndDomains() {
        HttpsProxy p = new HttpsProxy(
                "proxy.example", 3128, null, null, List.of("localhost", ".svc.cluster.local", "monitor.azure.com"));
        assertThat(p.bypasses("localhost")).isTrue();
        assertThat(p.bypasses("ingest.svc.cluster.local")).isTrue();
        assertThat(p.bypasses("dce-1.eastus-1.metrics.ingest.monitor.azure.com"))
                .isTrue();
        assertThat(p.bypasses("login.microsoftonline.com")).isFalse();
        assertThat(p.bypasses("notmonitor.azure.com")).isFalse();
        assertThat(new HttpsProxy("p", 1, null, null, List.of("*")).bypasses("anything"))
                .isTrue();
    }

    @Test
    void toStringHidesCredentials() {
        HttpsProxy p = new HttpsProxy("proxy.example", 3128, "alice", Secret.of("hunter2"), List.of());
        assertThat(p.toString())
                .contains("proxy.example:3128")
                .doesNotContain("alice")
                .doesNotContain("hunter2");
    }
}
