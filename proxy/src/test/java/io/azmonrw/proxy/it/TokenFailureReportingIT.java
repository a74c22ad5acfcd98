package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.azmonrw.proxy.LogCapture;
import io.azmonrw.proxy.Payloads;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real proxy with azure-identity against a token stand-in that refuses: what the user sees in /ready, the 503 and the log. */
class TokenFailureReportingIT {
    @RegisterExtension
    final StandInsFixture fixture = new StandInsFixture();

    private Map<String, String> env() {
        return fixture.proxyEnv();
    }

    @Test
    void readyAnd503CarryTheSameLineAndTheLogHasItOnceWithoutStackTraces() throws Exception {
        fixture.standIns()
                .entra()
                .failWith(
                        400,
                        "invalid_request",
                        70021,
                        "No matching federated identity record found for presented assertion.");
        try (LogCapture capture = new LogCapture();
                ProxyHarness proxy = new ProxyHarness(env(), null)) {
            // several failed fetches: the first, the backoff retries (0.25-0.5 s, 0.5-1 s, 1-2 s) and the one of the
            // write
            Thread.sleep(4000);
            HttpResponse<String> r = proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis()));
            assertThat(r.statusCode()).isEqualTo(503);
            String message = new JsonObject(r.body()).getString("message");
            assertThat(message)
                    .startsWith("no Entra token: Entra refused the token request: AADSTS70021")
                    .doesNotContain("no Entra token: no Entra token");
            String line = message.substring("no Entra token: ".length());
            JsonObject token = new JsonObject(proxy.get("/ready").body())
                    .getJsonArray("checks").stream()
                            .map(JsonObject.class::cast)
                            .filter(c -> c.getString("name").equals("token"))
                            .findFirst()
                            .orElseThrow();
            assertThat(token.getString("detail")).isEqualTo("no valid token; last error: " + line);
            double failures = proxy.metric("azmon_rw_proxy_token_failures_total{reason=\"AADSTS70021\"}");
            assertThat(failures).isGreaterThanOrEqualTo(3);
            List<ILoggingEvent> warnings = capture.atLeast(Level.WARN);
            assertThat(warnings)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement()
                    .asString()
                    .contains(line)
                    .contains("Fix: ");
            assertThat(capture.atLeast(Level.INFO))
                    .allMatch(e -> e.getThrowableProxy() == null)
                    .noneMatch(e -> e.getLoggerName().startsWith("com.azure")
                            || e.getLoggerName().startsWith("com.microsoft"));
        }
    }

    @Test
    void stoppingDuringATokenFetchLogsNoError() throws Exception {
        fixture.standIns().entra().hangFor(Duration.ofSeconds(30));
        try (LogCapture capture = new LogCapture()) {
            ProxyHarness proxy = new ProxyHarness(env(), null);
            // the first fetch starts with the verticle and hangs at the stand-in
            Thread.sleep(2000);
            proxy.close();
            Thread.sleep(500);
            assertThat(capture.atLeast(Level.ERROR))
                    .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                    .isEmpty();
            assertThat(capture.atLeast(Level.WARN))
                    .extracting(ILoggingEvent::getLoggerName)
                    .doesNotContain("io.azmonrw.proxy.auth.TokenManager");
        }
    }
}
