package io.azmonrw.webhook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxyReadyProbeTest {
    @Test
    void todaysBodyWithoutUpstreamIsReadAndUnknownFieldsAreIgnored() {
        var r = ProxyReadyProbe.parse(
                200,
                "{\"status\":\"UP\",\"checks\":[{\"name\":\"config\",\"status\":\"UP\",\"gating\":true,\"detail\":\"x\"},"
                        + "{\"name\":\"token\",\"status\":\"UP\",\"gating\":false,\"detail\":\"valid\",\"extra\":[1,2]}],\"somethingNew\":true}");
        assertThat(r.reachable()).isTrue();
        assertThat(r.status()).isEqualTo("UP");
        assertThat(r.token()).isEqualTo("UP valid");
        assertThat(r.tokenUp()).isTrue();
        assertThat(r.upstream()).isNull();
        assertThat(r.upstreamFailed()).isFalse();
    }

    @Test
    void anUpstreamOutcomeIsShownAndA4xxOrAnErrorWordCountsAsFailed() {
        var ok = ProxyReadyProbe.parse(
                200, "{\"status\":\"UP\",\"upstream\":{\"status\":204,\"time\":\"t\",\"reason\":\"\"}}");
        assertThat(ok.upstream()).isEqualTo("204 at t");
        assertThat(ok.upstreamFailed()).isFalse();
        assertThat(ProxyReadyProbe.parse(
                                200, "{\"status\":\"UP\",\"upstream\":{\"status\":403,\"reason\":\"forbidden\"}}")
                        .upstream())
                .isEqualTo("403 (forbidden)");
        assertThat(ProxyReadyProbe.parse(200, "{\"status\":\"UP\",\"upstream\":{\"status\":403}}")
                        .upstreamFailed())
                .isTrue();
        assertThat(ProxyReadyProbe.parse(200, "{\"status\":\"UP\",\"upstream\":{\"status\":\"timeout\"}}")
                        .upstreamFailed())
                .isTrue();
        assertThat(ProxyReadyProbe.parse(200, "{\"status\":\"UP\",\"upstream\":{\"status\":\"ok\"}}")
                        .upstreamFailed())
                .isFalse();
    }

    @Test
    void aBodyThatIsNotJsonIsOneLineWithTheHttpCode() {
        var r = ProxyReadyProbe.parse(
                502, "Error trying to reach service: dial tcp 10.1.2.3:8081: connect: connection refused\nmore");
        assertThat(r.reachable()).isFalse();
        assertThat(r.error())
                .isEqualTo(
                        "HTTP 502: Error trying to reach service: dial tcp 10.1.2.3:8081: connect: connection refused");
    }

    @Test
    void optionsParseAndRejectBadInputInOneLine() {
        CheckOptions o = CheckOptions.parse(new String[] {"-o", "json", "--pod", "ns/p", "--webhook-namespace", "wh"});
        assertThat(o.json()).isTrue();
        assertThat(o.podNamespace()).contains("ns");
        assertThat(o.podName()).contains("p");
        assertThat(o.webhookNamespace()).isEqualTo("wh");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"-o", "yaml"}))
                .hasMessage("-o takes text or json, not 'yaml'");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"--namespace", "a", "--pod", "a/b"}))
                .hasMessage("--namespace and --pod exclude each other");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"--namespace"}))
                .hasMessage("--namespace needs a value");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"--frobnicate"}))
                .hasMessageContaining("unknown argument '--frobnicate'");
    }
}
