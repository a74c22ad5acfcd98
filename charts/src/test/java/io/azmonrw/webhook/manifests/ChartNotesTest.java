package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code helm install} prints afterwards: the three steps still to do, in order, and the empty-URL warning. */
class ChartNotesTest {
    static final String LABEL = "kubectl label namespace <ns> " + Contract.Keys.NAMESPACE_INJECTION + "="
            + Contract.Keys.NAMESPACE_INJECTION_ENABLED;
    static final String ANNOTATE = Contract.Keys.WI_CLIENT_ID + "=<client-id>";
    static final String WRITE_URL =
            "http://localhost:" + Contract.Injection.DEFAULT_PROXY_PORT + Contract.ProxyEnv.WRITE_PATH;

    @Test
    void notesListTheThreeStepsInOrderAndWarnLoudlyWithoutAnIngestionUrl() {
        String notes = Charts.notes(List.of());
        assertThat(notes).contains("WARNING: ingestionUrl is empty");
        assertThat(notes.indexOf("WARNING")).isLessThan(notes.indexOf("1. "));
        assertThat(notes)
                .containsSubsequence(
                        "1. Label the Prometheus namespace",
                        LABEL,
                        "2. Annotate the Prometheus ServiceAccount with " + ANNOTATE,
                        Contract.Keys.WI_TENANT_ID,
                        "3. Point Prometheus' remoteWrite at " + WRITE_URL,
                        "prometheus.prometheusSpec.remoteWrite",
                        "- url: " + WRITE_URL);
    }

    @Test
    void notesDropTheWarningOnceTheUrlIsSetAndNameTheChartsTenant() {
        String notes = Charts.notes(List.of(Charts.values("ingestion.yaml")));
        assertThat(notes)
                .doesNotContain("WARNING")
                .contains("1. Label", "2. Annotate", "3. Point")
                .contains("if it differs from the chart's tenantId 72f988bf-86f1-41af-91ab-2d7cd011db47");
    }
}
