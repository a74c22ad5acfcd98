package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.StandIns;
import io.azmonrw.testkit.TokenLedger;
import io.azmonrw.testkit.TokenStandIn;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workload identity end to end in this JVM: real azure-identity against testkit's HTTPS token endpoint (which
 * checks the client assertion equals the projected token file), forwarding to the HTTPS ingestion stand-in
 * (which accepts only tokens that endpoint issued and that have not expired).
 */
class WorkloadIdentityIT {
    @RegisterExtension
    final StandInsFixture fixture = new StandInsFixture();

    private StandIns standIns;
    private ProxyHarness proxy;

    @BeforeEach
    void startStandIns() throws Exception {
        standIns = fixture.standIns();
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void startProxy() throws Exception {
        Map<String, String> env = fixture.proxyEnv();
        proxy = new ProxyHarness(env, null);
    }

    private TokenStandIn entra() {
        return standIns.entra();
    }

    @Test
    void forwardsWithAWorkloadIdentityToken() throws Exception {
        startProxy();
        HttpResponse<String> r = proxy.write(Payloads.rw1(2, 3, System.currentTimeMillis()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(standIns.ingestion().acceptedSamples()).isEqualTo(6);
        TokenStandIn.TokenRequest req = entra().requests().get(0);
        assertThat(req.grantType()).isEqualTo("client_credentials");
        assertThat(req.clientId()).isEqualTo(StandIns.CLIENT_ID);
        assertThat(req.assertionType()).isEqualTo(TokenStandIn.ASSERTION_TYPE);
        assertThat(req.status()).isEqualTo(200);
    }

    @Test
    void forwardsToAnHttp2Upstream() throws Exception {
        IngestionStandIn h2 = new IngestionStandIn(fixture.vertx(), standIns.ca(), standIns.ledger()::isValid)
                .expectDcr(StandIns.DCR_ID)
                .offerHttp2();
        h2.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            Map<String, String> env = fixture.proxyEnv();
            env.put("INGESTION_URL", h2.ingestionUrl(StandIns.DCR_ID));
            proxy = new ProxyHarness(env, null);
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.write(Payloads.rw1(1, 2, System.currentTimeMillis() + i))
                                .statusCode())
                        .isEqualTo(204);
            }
            assertThat(h2.acceptedSamples()).isEqualTo(6);
        } finally {
            h2.close();
        }
    }

    @Test
    void refreshesBeforeExpiryWithoutAFailedWrite() throws Exception {
        entra().tokenLifetime(Duration.ofSeconds(4));
        startProxy();
        List<Integer> statuses = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            statuses.add(
                    proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis())).statusCode());
            Thread.sleep(100);
        }
        assertThat(statuses).isNotEmpty().containsOnly(204);
        // writes kept succeeding past the first token's expiry, and the ingestion stand-in refuses expired tokens
        List<TokenLedger.IssuedToken> issued = entra().issuedTokens();
        assertThat(issued).hasSizeGreaterThanOrEqualTo(2);
        assertThat(issued.get(0).expiresAt()).isBefore(Instant.now());
        assertThat(standIns.ingestion().statusCounts()).containsOnlyKeys(204);
        // the token meters must survive a GC (Micrometer holds their state weakly) and agree with the stand-in's count
        System.gc();
        assertThat(proxy.metric("azmon_rw_proxy_token_refreshes_total")).isEqualTo(issued.size());
        assertThat(proxy.metric("azmon_rw_proxy_token_expiry_seconds")).isBetween(0.0, 4.0);
    }

    @Test
    void tokenEndpointDownLongerThanTheRefreshMarginLosesNoWrite() throws Exception {
        // 20 s tokens: the refresh is due 3 s before expiry; the endpoint fails for 5 s around that point
        entra().tokenLifetime(Duration.ofSeconds(20));
        startProxy();
        assertThat(proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis())).statusCode())
                .isEqualTo(204);
        Instant firstExpiry = entra().issuedTokens().get(0).expiresAt();
        Instant outageStart = firstExpiry.minus(Duration.ofMillis(6500));
        List<Integer> statuses = new ArrayList<>();
        boolean outageStarted = false;
        while (Instant.now().isBefore(firstExpiry.plusSeconds(3))) {
            if (!outageStarted && Instant.now().isAfter(outageStart)) {
                entra().failFor(Duration.ofSeconds(5), 503);
                outageStarted = true;
            }
            statuses.add(
                    proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis())).statusCode());
            Thread.sleep(200);
        }
        assertThat(outageStarted).isTrue();
        assertThat(statuses).containsOnly(204);
        // the outage was seen (azure-identity may have retried inside one fetch), and nothing failed
        assertThat(entra().requests()).anyMatch(r -> r.status() == 503);
        assertThat(entra().issuedTokens()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void followsTheRotatedFederatedTokenFile() throws Exception {
        entra().tokenLifetime(Duration.ofSeconds(4));
        startProxy();
        assertThat(proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis())).statusCode())
                .isEqualTo(204);
        String rotated = standIns.writeFederatedToken();
        int before = entra().requests().size();
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            assertThat(proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis()))
                            .statusCode())
                    .isEqualTo(204);
            Thread.sleep(200);
        }
        // the stand-in accepts only the file's current content as the client assertion
        List<TokenStandIn.TokenRequest> after =
                entra().requests().subList(before, entra().requests().size());
        assertThat(after).isNotEmpty().allSatisfy(r -> {
            assertThat(r.assertion()).isEqualTo(rotated);
            assertThat(r.status()).isEqualTo(200);
        });
    }

    @Test
    void unauthorizedThenSuccessAfterARefetch() throws Exception {
        startProxy();
        assertThat(proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis())).statusCode())
                .isEqualTo(204);
        standIns.ingestion().enqueue(401, Map.of());
        HttpResponse<String> r = proxy.write(Payloads.rw1(1, 2, System.currentTimeMillis()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(entra().issuedTokens()).hasSize(2);
        assertThat(standIns.ingestion().statusCounts()).containsEntry(401, 1L);
    }

    @Test
    void readyStays200AndReportsTheTokenProblem() throws Exception {
        entra().expectClientId("someone-else");
        startProxy();
        HttpResponse<String> w = proxy.write(Payloads.rw1(1, 1, System.currentTimeMillis()));
        assertThat(w.statusCode()).isEqualTo(503);
        assertThat(w.body()).contains("token_unavailable");
        HttpResponse<String> ready = proxy.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("no valid token");
    }
}
