package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real azure-identity, in a forked JVM whose environment points MSAL4J at the stand-in. */
class ManagedIdentityStandInIT {
    static final String SCOPE = "https://monitor.azure.com//.default";
    static final String RESOURCE = "https://monitor.azure.com/";
    static final String USER_ASSIGNED = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    static Vertx vertx;
    static ManagedIdentityStandIn mi;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mi = new ManagedIdentityStandIn(vertx).expectResource(RESOURCE);
        mi.start().toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() {
        mi.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Runs the probe with exactly these identity variables, none inherited. */
    static String probe(Map<String, String> env, String clientId) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ManagedIdentityProbe.class.getName(),
                clientId,
                SCOPE));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String k : List.of(
                "AZURE_POD_IDENTITY_AUTHORITY_HOST",
                "IDENTITY_ENDPOINT",
                "IDENTITY_HEADER",
                "IDENTITY_SERVER_THUMBPRINT",
                "IMDS_ENDPOINT",
                "MSI_ENDPOINT",
                "MSI_SECRET",
                "AZURE_CLIENT_ID")) {
            pb.environment().remove(k);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines()
                .filter(l -> l.startsWith("TOKEN ") || l.startsWith("ERROR "))
                .findFirst()
                .orElse("NOTHING " + out);
    }

    @Test
    void imdsUserAssignedIdentityReachesTheStandInThroughPodIdentityHost() throws Exception {
        mi.expectClientId(USER_ASSIGNED);
        int before = mi.requests().size();
        String line = probe(mi.imdsEnv(), USER_ASSIGNED);
        assertThat(line).startsWith("TOKEN ");
        assertThat(mi.isValid(line.substring(6).trim())).isTrue();
        ManagedIdentityStandIn.MiRequest last = mi.requests().get(mi.requests().size() - 1);
        assertThat(last.endpoint()).isEqualTo("imds");
        assertThat(last.clientId()).isEqualTo(USER_ASSIGNED);
        assertThat(last.resource()).isEqualTo(RESOURCE);
        assertThat(mi.requests().subList(before, mi.requests().size())).noneMatch(r -> r.status() == 404);
    }

    @Test
    void imdsSystemAssignedIdentitySendsNoClientId() throws Exception {
        mi.expectClientId(null);
        String line = probe(mi.imdsEnv(), "system");
        assertThat(line).startsWith("TOKEN ");
        assertThat(mi.isValid(line.substring(6).trim())).isTrue();
        assertThat(mi.requests().get(mi.requests().size() - 1).clientId()).isNull();
    }

    @Test
    void appServiceEndpointWithIdentityHeaderIsUsedWhenSet() throws Exception {
        mi.expectClientId(USER_ASSIGNED);
        String line = probe(mi.appServiceEnv(), USER_ASSIGNED);
        assertThat(line).startsWith("TOKEN ");
        assertThat(mi.isValid(line.substring(6).trim())).isTrue();
        assertThat(mi.requests().get(mi.requests().size() - 1).endpoint()).isEqualTo("appService");
    }

    @Test
    void aWrongUserAssignedClientIdGetsNoToken() throws Exception {
        mi.expectClientId(USER_ASSIGNED);
        String line = probe(mi.imdsEnv(), "00000000-1111-2222-3333-444444444444");
        assertThat(line).startsWith("ERROR ");
    }
}
