package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandInsIT {
    @TempDir
    Path dir;

    /** A token as the proxy gets one: only from its env, through the real azure-identity. */
    static AccessToken tokenFromEnv(StandIns s, Map<String, String> env) {
        return new WorkloadIdentityCredentialBuilder()
                .authorityHost(env.get("AZURE_AUTHORITY_HOST"))
                .tenantId(env.get("AZURE_TENANT_ID"))
                .clientId(env.get("AZURE_CLIENT_ID"))
                .tokenFilePath(env.get("AZURE_FEDERATED_TOKEN_FILE"))
                .disableInstanceDiscovery()
                .maxRetry(0)
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(s.ca().sslContext())).build())
                .build()
                .getTokenSync(new TokenRequestContext().addScopes(StandIns.SCOPE));
    }

    @Test
    void proxyEnvIsEnoughToGetATokenAndWriteWithItAndRotationIsFollowed() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StandIns s = StandIns.start(vertx, dir)
                .toCompletionStage()
                .toCompletableFuture()
                .get()) {
            Map<String, String> env = s.proxyEnv();
            HttpClient http =
                    HttpClient.newBuilder().sslContext(s.ca().sslContext()).build();
            AccessToken token = tokenFromEnv(s, env);
            assertThat(s.ledger().isValid(token.getToken())).isTrue();

            long start = System.currentTimeMillis() - 5000;
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(env.get("INGESTION_URL")))
                            .header("Content-Type", "application/x-protobuf")
                            .header("Content-Encoding", "snappy")
                            .header("Authorization", "Bearer " + token.getToken())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(WritePayloads.v1(2, 3, start)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(204);
            HttpResponse<String> stats = http.send(
                    HttpRequest.newBuilder(URI.create(s.ingestion().baseUrl() + IngestionStandIn.STATS_PATH))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject json = new JsonObject(stats.body());
            assertThat(json.getLong("acceptedSamples")).isEqualTo(6);
            assertThat(json.getLong("uniqueSamples")).isEqualTo(6);
            assertThat(json.getLong("series")).isEqualTo(2);

            String before =
                    s.entra().requests().get(s.entra().requests().size() - 1).assertion();
            String rotated = s.writeFederatedToken();
            assertThat(rotated).isNotEqualTo(before);
            AccessToken second = tokenFromEnv(s, env);
            assertThat(s.ledger().isValid(second.getToken())).isTrue();
            assertThat(s.entra().requests())
                    .last()
                    .extracting(TokenStandIn.TokenRequest::assertion)
                    .isEqualTo(rotated);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
