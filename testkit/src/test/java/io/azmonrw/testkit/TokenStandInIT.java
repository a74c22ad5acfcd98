package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real azure-identity (MSAL4J) obtains tokens from the stand-in, and is refused as Entra refuses. */
class TokenStandInIT {
    static final String TENANT = "72f988bf-0000-0000-0000-000000000001";
    static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    static final String SCOPE = "https://monitor.azure.com//.default";

    static Vertx vertx;
    static TestCa ca;
    static TokenStandIn entra;
    static Path tokenFile;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        ca = TestCa.generate(dir);
        tokenFile = dir.resolve("azure-identity-token");
        Files.writeString(tokenFile, "projected-sa-token-1");
        entra = new TokenStandIn(vertx, ca)
                .expectTenant(TENANT)
                .expectClientId(CLIENT)
                .expectScope(SCOPE);
        entra.start().toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() {
        entra.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void federated() {
        entra.clearFaults().tokenLifetime(Duration.ofHours(1)).expectFederatedAssertion(() -> read(tokenFile));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.azure.core.http.HttpClient azureHttp() {
        return new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(ca.sslContext())).build();
    }

    static TokenCredential workload(String clientId) {
        return new WorkloadIdentityCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(TENANT)
                .clientId(clientId)
                .tokenFilePath(tokenFile.toString())
                .disableInstanceDiscovery()
                .httpClient(azureHttp())
                .maxRetry(0)
                .build();
    }

    static AccessToken token(TokenCredential c) {
        return c.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
    }

    @Test
    void workloadIdentityGetsAValidTokenWithTheProjectedAssertion() {
        entra.tokenLifetime(Duration.ofMinutes(20));
        AccessToken t = token(workload(CLIENT));
        assertThat(entra.isValid(t.getToken())).isTrue();
        assertThat(t.getExpiresAt().toInstant())
                .isBetween(
                        java.time.Instant.now().plus(Duration.ofMinutes(18)),
                        java.time.Instant.now().plus(Duration.ofMinutes(21)));
        TokenStandIn.TokenRequest last = entra.requests().get(entra.requests().size() - 1);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.grantType()).isEqualTo("client_credentials");
        assertThat(last.assertionType()).isEqualTo(TokenStandIn.ASSERTION_TYPE);
        assertThat(last.assertion()).isEqualTo("projected-sa-token-1");
        assertThat(TokenStandIn.resourceScope(last.scope())).isEqualTo(SCOPE);
        assertThat(last.clientId()).isEqualTo(CLIENT);
        // nothing but the token endpoint is needed with instance discovery disabled
        assertThat(entra.requests()).allMatch(r -> r.status() != 404, "no unknown path requested");
    }

    @Test
    void aRotatedTokenFileIsTheAssertionSentNext() throws Exception {
        Files.writeString(tokenFile, "projected-sa-token-2");
        try {
            AccessToken t = token(workload(CLIENT));
            assertThat(entra.isValid(t.getToken())).isTrue();
            assertThat(entra.requests().get(entra.requests().size() - 1).assertion())
                    .isEqualTo("projected-sa-token-2");
        } finally {
            Files.writeString(tokenFile, "projected-sa-token-1");
        }
    }

    @Test
    void aWrongAssertionIsRefusedWithAnAadstsError() throws Exception {
        entra.expectFederatedAssertion(() -> "some-other-token");
        assertThatThrownBy(() -> token(workload(CLIENT))).hasMessageContaining("AADSTS70021");
        // the raw answer has Entra's error shape
        HttpResponse<String> raw = HttpClient.newBuilder()
                .sslContext(ca.sslContext())
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(entra.tokenUrl(TENANT)))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials&client_id=" + CLIENT
                                                + "&scope=https%3A%2F%2Fmonitor.azure.com%2F%2F.default"
                                                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                                                + "&client_assertion=wrong"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
        JsonObject body = new JsonObject(raw.body());
        assertThat(body.getString("error")).isEqualTo("invalid_client");
        assertThat(body.getString("error_description")).startsWith("AADSTS70021:");
        assertThat(body.getJsonArray("error_codes").getInteger(0)).isEqualTo(70021);
        assertThat(body.getString("correlation_id")).isNotBlank();
    }

    @Test
    void anUnknownClientIdIsRefused() {
        assertThatThrownBy(() -> token(workload("99999999-0000-0000-0000-000000000000")))
                .hasMessageContaining("AADSTS700016");
    }

    @Test
    void failsWithTheConfiguredStatusDuringAnOutage() {
        entra.failFor(Duration.ofMinutes(1), 503);
        int before = entra.requests().size();
        assertThatThrownBy(() -> token(workload(CLIENT))).isNotNull();
        assertThat(entra.requests().subList(before, entra.requests().size()))
                .isNotEmpty()
                .allMatch(r -> r.status() == 503);
        entra.clearFaults();
        assertThat(entra.isValid(token(workload(CLIENT)).getToken())).isTrue();
    }

    @Test
    void holdsTheAnswerWhileHanging() {
        entra.hangFor(Duration.ofMillis(700));
        long t0 = System.nanoTime();
        AccessToken t = token(workload(CLIENT));
        assertThat(entra.isValid(t.getToken())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void certificateCredentialSendsASignedAssertionWithX5c() {
        TestCa.ClientCert client = ca.issueClient("aad-app");
        entra.expectCertificate(client.certificate(), true);
        TokenCredential cred = new ClientCertificateCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(TENANT)
                .clientId(CLIENT)
                .pemCertificate(client.combinedPem().toString())
                .sendCertificateChain(true)
                .disableInstanceDiscovery()
                .httpClient(azureHttp())
                .maxRetry(0)
                .build();
        assertThat(entra.isValid(token(cred).getToken())).isTrue();
        JwtAssertion jwt = JwtAssertion.parse(
                entra.requests().get(entra.requests().size() - 1).assertion());
        assertThat(jwt.x5cStartsWith(client.certificate())).isTrue();
    }

    @Test
    void certificateCredentialFromPfxWithoutChainIsRefusedWhenX5cIsRequired() {
        TestCa.ClientCert client = ca.issueClient("aad-app-pfx");
        entra.expectCertificate(client.certificate(), true);
        TokenCredential noChain = new ClientCertificateCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(TENANT)
                .clientId(CLIENT)
                .pfxCertificate(client.pfx().toString())
                .clientCertificatePassword(client.pfxPassword())
                .disableInstanceDiscovery()
                .httpClient(azureHttp())
                .maxRetry(0)
                .build();
        assertThatThrownBy(() -> token(noChain)).hasMessageContaining("AADSTS700027");
        entra.expectCertificate(client.certificate(), false);
        TokenCredential pfx = new ClientCertificateCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(TENANT)
                .clientId(CLIENT)
                .pfxCertificate(client.pfx().toString())
                .clientCertificatePassword(client.pfxPassword())
                .disableInstanceDiscovery()
                .httpClient(azureHttp())
                .maxRetry(0)
                .build();
        assertThat(entra.isValid(token(pfx).getToken())).isTrue();
    }

    @Test
    void aCertificateAssertionSignedByAnotherKeyIsRefused() {
        TestCa.ClientCert expected = ca.issueClient("expected");
        TestCa.ClientCert other = ca.issueClient("other");
        entra.expectCertificate(expected.certificate(), false);
        TokenCredential cred = new ClientCertificateCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(TENANT)
                .clientId(CLIENT)
                .pemCertificate(other.combinedPem().toString())
                .disableInstanceDiscovery()
                .httpClient(azureHttp())
                .maxRetry(0)
                .build();
        assertThatThrownBy(() -> token(cred)).hasMessageContaining("AADSTS700027");
    }
}
