package io.azmonrw.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestionUrlTest {
    // The shape Azure's portal shows for a workspace's metrics ingestion endpoint (copied by hand, not generated).
    private static final String AZURE = "https://myws-abcd.eastus-1.metrics.ingest.monitor.example"
            + "/dataCollectionRules/dcr-0123456789abcdef0123456789abcdef/streams/Microsoft-PrometheusMetrics"
            + "/api/v1/write?api-version=2023-04-24";

    @Test
    void acceptsTheUrlAzureShows() {
        assertThat(IngestionUrl.problem(URI.create(AZURE), false)).isEmpty();
        assertThat(IngestionUrl.parts(URI.create(AZURE)))
                .contains(
                        new IngestionUrl.Parts("dcr-0123456789abcdef0123456789abcdef", "Microsoft-PrometheusMetrics"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://host",
                "https://host/",
                "https://host/api/v1/write?api-version=2023-04-24",
                "https://host/dataCollectionRules/dcr-1/api/v1/write?api-version=2023-04-24",
                "https://host/dataCollectionRules/dcr-1/streams/s/api/v1/write",
                "https://host/dataCollectionRules/dcr-1/streams/s/api/v1/write?api-version=",
                "http://host/dataCollectionRules/dcr-1/streams/s/api/v1/write?api-version=1",
                "ftp://host/dataCollectionRules/dcr-1/streams/s/api/v1/write?api-version=1",
            })
    void refusesOtherShapesWithTheExpectedShapeInOneLine(String url) {
        assertThat(IngestionUrl.problem(URI.create(url), false))
                .hasValueSatisfying(
                        p -> assertThat(p).contains(IngestionUrl.EXPECTED_SHAPE).doesNotContain("\n"));
    }

    @Test
    void plainHttpOnlyWhenAllowed() {
        URI loopback = URI.create("http://127.0.0.1:1234/dataCollectionRules/d/streams/s/api/v1/write?api-version=1");
        assertThat(IngestionUrl.problem(loopback, true)).isEmpty();
        assertThat(IngestionUrl.problem(loopback, false)).isPresent();
    }
}
