package io.azmonrw.testkit;

import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.Contract.WebhookEnv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * All stand-ins together (CA, Entra token endpoint, managed identity, ingestion) sharing one token ledger, with the
 * environment a proxy needs to use them; {@link #main} runs them standalone for {@code make standins}.
 */
public final class StandIns implements AutoCloseable {
    public static final String TENANT_ID = "00000000-0000-4000-8000-00000000a2e5";
    public static final String CLIENT_ID = "00000000-0000-4000-8000-0000000c11e7";
    public static final String DCR_ID = "dcr-00000000000000000000000000000001";
    public static final String SCOPE = "https://monitor.azure.com//.default";
    public static final String RESOURCE = "https://monitor.azure.com/";

    private final TestCa ca;
    private final TokenLedger ledger = new TokenLedger();
    private final TokenStandIn entra;
    private final ManagedIdentityStandIn managedIdentity;
    private final IngestionStandIn ingestion;
    private final Path federatedTokenFile;

    private StandIns(Vertx vertx, Path dir) {
        this.ca = TestCa.generate(dir);
        this.federatedTokenFile = dir.resolve("federated-token");
        writeFederatedToken();
        this.entra = new TokenStandIn(vertx, ca, ledger)
                .expectTenant(TENANT_ID)
                .expectClientId(CLIENT_ID)
                .expectScope(SCOPE)
                .expectFederatedAssertion(this::readFederatedToken);
        this.managedIdentity = new ManagedIdentityStandIn(vertx, ledger).expectResource(RESOURCE);
        this.ingestion = new IngestionStandIn(vertx, ca, ledger::isValid).expectDcr(DCR_ID);
    }

    /** Generates the CA in {@code dir} and starts the three servers. */
    public static Future<StandIns> start(Vertx vertx, Path dir) {
        StandIns s = new StandIns(vertx, dir);
        return Future.all(s.entra.start(), s.managedIdentity.start(), s.ingestion.start())
                .map(x -> s);
    }

    /** Writes a new random projected token, as the kubelet does when it rotates it. */
    public String writeFederatedToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String token = "eyJhbGciOiJub25lIn0.standin-"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(b) + ".";
        try {
            Files.writeString(federatedTokenFile, token, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return token;
    }

    private String readFederatedToken() {
        try {
            return Files.readString(federatedTokenFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    public TestCa ca() {
        return ca;
    }

    public TokenLedger ledger() {
        return ledger;
    }

    public TokenStandIn entra() {
        return entra;
    }

    public ManagedIdentityStandIn managedIdentity() {
        return managedIdentity;
    }

    public IngestionStandIn ingestion() {
        return ingestion;
    }

    public Path federatedTokenFile() {
        return federatedTokenFile;
    }

    /** Proxy environment (docs/design.md, Proxy environment) for workload identity against these stand-ins. */
    public Map<String, String> proxyEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ProxyEnv.INGESTION_URL, ingestion.ingestionUrl(DCR_ID));
        env.put(ProxyEnv.IDENTITY_TYPE, ProxyEnv.IDENTITY_TYPE_WORKLOAD);
        env.put(ProxyEnv.AZURE_AUTHORITY_HOST, entra.authorityHost());
        env.put(ProxyEnv.AZURE_TENANT_ID, TENANT_ID);
        env.put(ProxyEnv.AZURE_CLIENT_ID, CLIENT_ID);
        env.put(
                ProxyEnv.AZURE_FEDERATED_TOKEN_FILE,
                federatedTokenFile.toAbsolutePath().toString());
        env.put(ProxyEnv.CA_BUNDLE_FILE, ca.caPem().toAbsolutePath().toString());
        return env;
    }

    /**
     * The webhook server's env for these stand-ins: its ports, the test CA's serving certificate, the ingestion URL
     * and the default identity; callers add what their scenario needs (a kubeconfig, timeouts).
     */
    public Map<String, String> webhookEnv(int webhookPort, int managementPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(WebhookEnv.WEBHOOK_PORT, Integer.toString(webhookPort));
        env.put(WebhookEnv.MANAGEMENT_PORT, Integer.toString(managementPort));
        env.put(WebhookEnv.TLS_CERT_FILE, ca.serverCertPem().toAbsolutePath().toString());
        env.put(WebhookEnv.TLS_KEY_FILE, ca.serverKeyPem().toAbsolutePath().toString());
        env.put(WebhookEnv.INGESTION_URL, ingestion.ingestionUrl(DCR_ID));
        env.put(WebhookEnv.DEFAULT_CLIENT_ID, CLIENT_ID);
        env.put(WebhookEnv.DEFAULT_TENANT_ID, TENANT_ID);
        return env;
    }

    /** Stops the servers (blocking). */
    @Override
    public void close() {
        ingestion.close();
        managedIdentity.close();
        entra.close();
    }

    /** Runs the stand-ins until killed; prints their URLs, the proxy env and the trust store. */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("azmon-rw-standins");
        Vertx vertx = Vertx.vertx();
        StandIns s = start(vertx, dir).toCompletionStage().toCompletableFuture().get();
        Path envFile = dir.resolve("proxy.env");
        StringBuilder env = new StringBuilder();
        s.proxyEnv().forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
        Files.writeString(envFile, env.toString(), StandardCharsets.UTF_8);
        PrintLines out = new PrintLines();
        out.line("azmon-rw stand-ins running (Ctrl-C to stop); files in " + dir.toAbsolutePath());
        out.line("  Entra token endpoint : " + s.entra.tokenUrl(TENANT_ID));
        out.line("  managed identity     : " + s.managedIdentity.baseUrl() + ManagedIdentityStandIn.IMDS_PATH
                + "  (AZURE_POD_IDENTITY_AUTHORITY_HOST=" + s.managedIdentity.baseUrl() + ")");
        out.line("  App Service MI       : IDENTITY_ENDPOINT="
                + s.managedIdentity.appServiceEnv().get("IDENTITY_ENDPOINT") + " IDENTITY_HEADER="
                + s.managedIdentity.identityHeader());
        out.line("  ingestion            : " + s.ingestion.ingestionUrl(DCR_ID));
        out.line("  stats                : " + s.ingestion.baseUrl() + IngestionStandIn.STATS_PATH);
        out.line("  CA (PEM)             : " + s.ca.caPem().toAbsolutePath());
        out.line("  trust store (PKCS12) : " + s.ca.trustStore().toAbsolutePath() + " password "
                + s.ca.trustStorePassword());
        out.line("  JVM options          : " + String.join(" ", s.ca.jvmTrustOptions()));
        out.line("  proxy env            : " + envFile.toAbsolutePath());
        env.toString().lines().forEach(l -> out.line("    " + l));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            s.close();
                            vertx.close();
                            stopped.countDown();
                        },
                        "standins-shutdown"));
        stopped.await();
    }

    /** System.out, flushed per line so that a wrapping script can read the URLs at once. */
    private static final class PrintLines {
        void line(String text) {
            System.out.println(text);
            System.out.flush();
        }
    }
}
