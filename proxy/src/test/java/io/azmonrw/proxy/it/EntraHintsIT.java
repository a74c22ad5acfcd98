package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import io.azmonrw.proxy.LogCapture;
import io.azmonrw.proxy.ProxyConfig;
import io.azmonrw.proxy.auth.AzureTokenFetcher;
import io.azmonrw.proxy.auth.CredentialFactory;
import io.azmonrw.proxy.auth.TokenFailure;
import io.azmonrw.proxy.auth.TokenFailures;
import io.azmonrw.proxy.auth.TrustBundle;
import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each row of the hint table against the token stand-in answering Entra's error JSON for that code, through the
 * real azure-identity credential: the failure becomes one line naming the code, the status, where, who, and the fix.
 */
class EntraHintsIT {
    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static StandIns standIns;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        standIns = StandIns.start(vertx, dir)
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        standIns.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** status, OAuth error, AADSTS code, Entra's description, a word of the fix (from Microsoft's AADSTS list). */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of(
                        400,
                        "invalid_request",
                        70021,
                        "No matching federated identity record found for presented assertion."
                                + " Assertion Issuer: 'https://oidc.example/'. Assertion Subject: 'system:serviceaccount:monitoring:prometheus'.",
                        "system:serviceaccount:<namespace>:<service-account>"),
                Arguments.of(
                        400,
                        "unauthorized_client",
                        700016,
                        "Application with identifier 'x' was not found in the directory 'y'.",
                        "AZURE_CLIENT_ID"),
                Arguments.of(
                        400, "invalid_client", 700024, "Client assertion is not within its valid time range.", "clock"),
                Arguments.of(400, "invalid_request", 50166, "Request to External OIDC endpoint failed.", "OIDC"),
                Arguments.of(400, "invalid_request", 90061, "Request to External OIDC endpoint failed.", "OIDC"),
                Arguments.of(401, "invalid_client", 7000215, "Invalid client secret provided.", "secret's value"),
                Arguments.of(
                        401,
                        "invalid_client",
                        7000222,
                        "The provided client secret keys for app 'x' are expired.",
                        "new client secret"),
                Arguments.of(400, "invalid_request", 90002, "Tenant 'x' not found.", "AZURE_TENANT_ID"),
                Arguments.of(
                        401,
                        "invalid_client",
                        700027,
                        "Client assertion contains an invalid signature.",
                        "certificate"),
                Arguments.of(400, "invalid_request", 9999999, "Something new.", "error?code=9999999"));
    }

    @ParameterizedTest(name = "AADSTS{2}")
    @MethodSource("rows")
    void entraErrorBecomesOneLineWithCodeWhereWhoAndFix(
            int status, String error, int code, String description, String fixWord) throws Exception {
        standIns.entra().failWith(status, error, code, description);
        try {
            TokenFailure f = fetchFailure(standIns.proxyEnv());
            String federatedToken =
                    Files.readString(standIns.federatedTokenFile()).strip();
            assertThat(f.reason()).isEqualTo("AADSTS" + code);
            assertThat(f.line())
                    .contains(
                            "AADSTS" + code,
                            "HTTP " + status + " " + error,
                            StandIns.TENANT_ID,
                            StandIns.CLIENT_ID,
                            "127.0.0.1:" + standIns.entra().port(),
                            "Fix: ",
                            fixWord)
                    .doesNotContain("\n")
                    .doesNotContain(federatedToken)
                    .doesNotContain("Exception");
        } finally {
            standIns.entra().clearFailure();
        }
    }

    @Test
    void unreachableAuthorityHostNamesHostPortAndWhatToCheck() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(standIns.proxyEnv());
        env.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:" + closed);
        TokenFailure f = fetchFailure(env);
        assertThat(f.reason()).isEqualTo("unreachable");
        assertThat(f.line())
                .contains("127.0.0.1:" + closed, "cannot connect", StandIns.CLIENT_ID, "AZURE_AUTHORITY_HOST")
                .doesNotContain("ExecutionException")
                .doesNotContain("no Entra token: no Entra token");
    }

    @Test
    void aSuccessfulFetchLogsNoWarningEvenWithTheLibrariesLoggingAtDebug() throws Exception {
        ProxyConfig config = ProxyConfig.fromEnv(standIns.proxyEnv());
        // the libraries are OFF by default; let them speak, so that their restricted-header WARN would show
        try (LogCapture capture =
                new LogCapture().level("com.azure", Level.DEBUG).level("com.microsoft.aad.msal4j", Level.DEBUG)) {
            assertThat(fetcher(config).call().value()).isNotBlank();
            assertThat(capture.events())
                    .as("the libraries were heard")
                    .anyMatch(e -> e.getLoggerName().startsWith("com.azure"));
            assertThat(capture.atLeast(Level.WARN))
                    .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                    .isEmpty();
        }
    }

    private static AzureTokenFetcher fetcher(ProxyConfig config) throws Exception {
        return new AzureTokenFetcher(
                new CredentialFactory(config, TrustBundle.load(config.caBundleFile())), config.scope());
    }

    private static TokenFailure fetchFailure(Map<String, String> env) throws Exception {
        ProxyConfig config = ProxyConfig.fromEnv(env);
        Throwable e = catchThrowable(fetcher(config)::call);
        assertThat(e).as("the token request must fail").isNotNull();
        return new TokenFailures(config.identityType(), config.tenantId(), config.clientId(), config.authorityHost())
                .classify(e);
    }
}
