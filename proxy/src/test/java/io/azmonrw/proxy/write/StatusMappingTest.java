package io.azmonrw.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMappingTest {
    private final StatusMapping defaults = new StatusMapping(503, true);

    @Test
    void successPassesRemoteWrite2HeadersOnly() {
        StatusMapping.Answer a =
                defaults.map(204, Map.of("x-prometheus-remote-write-samples-written", "5", "server", "x"));
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.headers()).containsOnlyKeys("x-prometheus-remote-write-samples-written");
    }

    @Test
    void throttlingIsRetryableUnlessConfigured() {
        assertThat(defaults.map(429, Map.of("retry-after", "9")))
                .isEqualTo(new StatusMapping.Answer(503, "throttled", Map.of("Retry-After", "9")));
        assertThat(new StatusMapping(429, true).map(429, Map.of()).status()).isEqualTo(429);
    }

    @Test
    void authFailuresAreRetryable() {
        assertThat(defaults.map(401, Map.of()).status()).isEqualTo(503);
        assertThat(defaults.map(403, Map.of()).status()).isEqualTo(503);
        assertThat(new StatusMapping(503, false).map(403, Map.of()).status()).isEqualTo(403);
    }

    @Test
    void serverErrorsStayServerErrorsAndClientErrorsPass() {
        assertThat(defaults.map(500, Map.of()).status()).isEqualTo(500);
        assertThat(defaults.map(502, Map.of()).status()).isEqualTo(502);
        assertThat(defaults.map(400, Map.of()).status()).isEqualTo(400);
        assertThat(defaults.map(413, Map.of()).status()).isEqualTo(413);
        assertThat(defaults.map(302, Map.of()).status()).isEqualTo(502);
        assertThat(defaults.noAnswer(true).status()).isEqualTo(504);
        assertThat(defaults.noAnswer(false).status()).isEqualTo(502);
    }

    @Test
    void notFoundIsRetryableWithRetryAfter() {
        // design.md section 4: 404 means a wrong INGESTION_URL or a rule not created yet, fixable while Prometheus
        // retries
        assertThat(defaults.map(404, Map.of()))
                .isEqualTo(new StatusMapping.Answer(503, "upstream_not_found", Map.of("Retry-After", "5")));
        assertThat(defaults.map(404, Map.of("retry-after", "30")).headers()).isEqualTo(Map.of("Retry-After", "30"));
    }

    @Test
    void bodiesThatWillNeverBeAcceptedStillPassThrough() {
        for (int status : new int[] {400, 413, 415, 422}) {
            assertThat(defaults.map(status, Map.of()).status())
                    .as("status %d", status)
                    .isEqualTo(status);
            assertThat(defaults.map(status, Map.of()).cause()).isEqualTo("rejected_" + status);
        }
    }
}
