package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses each install mistake of issue 11 before anything is rendered, naming the field. */
class ChartSchemaTest {
    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            replicaCount                | two                                | - replicaCount: Invalid type
            timeoutSeconds              | 45                                 | - timeoutSeconds:
            networkPolicy.enabled       | maybe                              | - networkPolicy.enabled: Invalid type
            replicaCountt               | 2                                  | Additional property replicaCountt is not allowed
            certs.mode                  | vault                              | - certs.mode: certs.mode must be one of
            failurePolicy               | Retry                              | - failurePolicy: failurePolicy must be one of the following: "Ignore", "Fail"
            ingestionUrl                | http://my-dce.example/api/v1/write | - ingestionUrl: Does not match pattern '^(https://
            ingestionUrl                | my-dce.example/api/v1/write        | - ingestionUrl: Does not match pattern
            heal.mode                   | kill                               | - heal.mode: heal.mode must be one of
            heal.minAge                 | two minutes                        | - heal.minAge: Does not match pattern
            heal.rate                   | 0                                  | - heal.rate: Must be greater than or equal to 1
            sidecarMode                 | sidecar                            | - sidecarMode: sidecarMode must be one of
            image.registry              | ``                                 | - image.registry:
            proxy.resources.limits.cpux | 1                                  | - proxy.resources.limits: Additional property cpux is not allowed
            metrics.dashboard.namespace | Grafana_NS                         | - metrics.dashboard.namespace: Does not match pattern
            metrics.prometheusRule.rules | x                                 | - metrics.prometheusRule: Additional property rules is not allowed
            """)
    void aBadValueFailsTheInstallWithAMessageNamingIt(String key, String value, String message) {
        assertThatThrownBy(() -> Charts.template(List.of(), Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "provided certificates without {0} are refused")
    @CsvSource({"existingSecret", "caBundle"})
    void providedModeNeedsBothTheSecretAndItsCa(String missing) {
        Map<String, String> sets = new java.util.HashMap<>(Map.of(
                "certs.mode", "provided", "certs.existingSecret", "my-tls", "certs.caBundle", "LS0tLS1CRUdJTg=="));
        sets.remove("certs." + missing);
        assertThatThrownBy(() -> Charts.template(List.of(), sets))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("- certs." + missing + ": String length must be greater than or equal to 1");
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource(delimiter = '|', textBlock = """
            failurePolicy | Fail
            certs.mode    | cert-manager
            heal.mode     | off
            heal.minAge   | 1h30m
            heal.minAge   | 90
            ingestionUrl  | https://my-dce.westeurope-1.metrics.ingest.monitor.example/dataCollectionRules/dcr-0/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24
            """)
    void goodValuesPass(String key, String value) {
        assertThat(Charts.template(List.of(), Map.of(key, value))).contains("kind: MutatingWebhookConfiguration");
    }
}
