package io.azmonrw.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.testkit.StandIns;
import io.azmonrw.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook image: its offline inject command patches a kube-prometheus-stack pod, and its admission server
 * (TLS with an EC certificate from a test CA, its informers on a Kubernetes API stand-in) becomes ready, answers an
 * AdmissionReview for the same pod with the injection patch, and exits 0 on SIGTERM.
 */
final class WebhookSmoke {

    private static final String CLIENT_ID = StandIns.CLIENT_ID;
    private static final String TENANT_ID = StandIns.TENANT_ID;
    private static final String INGESTION_URL = "https://127.0.0.1:1/dataCollectionRules/" + StandIns.DCR_ID
            + "/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24";
    /** Names from docs/design.md: the proxy container and the workload-identity label must be in every patch. */
    private static final List<String> INJECTED = List.of("prom-remotewrite", "azure.workload.identity/use", CLIENT_ID);

    private final Smoke smoke;
    private final Sandbox sandbox;
    private final Path podFixture;

    WebhookSmoke(Smoke smoke, Sandbox sandbox, Path podFixture) {
        this.smoke = smoke;
        this.sandbox = sandbox;
        this.podFixture = podFixture;
    }

    Smoke.Outcome run(Smoke.Target target, String javaToolOptions) throws IOException, InterruptedException {
        Path tmp = sandbox.newTmp();
        Files.copy(podFixture, tmp.resolve("pod.json"));
        TestCa ca = TestCa.generate(tmp.resolve("certs"));
        Sandbox.shareReadOnly(tmp);
        Map<String, String> env = new HashMap<>();
        if (javaToolOptions != null) {
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        inject(target, tmp, env);
        int port = Sandbox.freePort();
        int managementPort = Sandbox.freePort();
        env.put(WebhookEnv.WEBHOOK_PORT, Integer.toString(port));
        env.put(WebhookEnv.MANAGEMENT_PORT, Integer.toString(managementPort));
        env.put(WebhookEnv.TLS_CERT_FILE, "/tmp/" + tmp.relativize(ca.serverCertPem()));
        env.put(WebhookEnv.TLS_KEY_FILE, "/tmp/" + tmp.relativize(ca.serverKeyPem()));
        env.put(WebhookEnv.INGESTION_URL, INGESTION_URL);
        env.put(WebhookEnv.DEFAULT_CLIENT_ID, CLIENT_ID);
        env.put(WebhookEnv.DEFAULT_TENANT_ID, TENANT_ID);
        env.put(WebhookEnv.SIDECAR_MODE, "container");
        env.put(WebhookEnv.API_TIMEOUT, sandbox.emulated() ? "10s" : "2s");
        env.put(WebhookEnv.POD_NAMESPACE, "azmon-rw-system");
        try (KubeApiStandIn api = KubeApiStandIn.start(CLIENT_ID)) {
            env.put("KUBERNETES_MASTER", api.url());
            // ready = its informers synced the ServiceAccounts and Namespaces of the API stand-in
            return smoke.serve(
                    target,
                    tmp,
                    env,
                    managementPort,
                    Set.of("/tmp/pod.json", "/tmp/certs"),
                    (p, http, log) -> "inject patched a kube-prometheus-stack pod; ready once its informers synced"
                            + " from the API stand-in; the TLS server " + admit(ca, port, log));
        }
    }

    private void inject(Smoke.Target target, Path tmp, Map<String, String> extra)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(target.entrypoint());
        cmd.addAll(List.of(
                "inject",
                "-f",
                "/tmp/pod.json",
                "--client-id",
                CLIENT_ID,
                "--tenant-id",
                TENANT_ID,
                "--ingestion-url",
                INGESTION_URL));
        Path log = tmp.resolveSibling(tmp.getFileName() + "-inject.log");
        int rc = sandbox.exec(target.rootfs(), tmp, cmd, target.imageEnv(), extra, log);
        if (rc != 0) {
            throw Sandbox.failure("webhook inject exited with " + rc, log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        for (String expected : INJECTED) {
            if (!out.contains(expected)) {
                throw Sandbox.failure("webhook inject output lacks " + expected, log);
            }
        }
    }

    /** POSTs an AdmissionReview v1 for the fixture pod; the answer must carry its uid, allow it and inject. */
    private String admit(TestCa ca, int port, Path log) throws IOException, InterruptedException {
        String uid = UUID.randomUUID().toString();
        ObjectNode review = Json.MAPPER
                .createObjectNode()
                .put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request")
                .put("uid", uid)
                .put("namespace", "monitoring")
                .put("operation", "CREATE");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:statefulset-controller");
        request.put("dryRun", false);
        try (InputStream in = Files.newInputStream(podFixture)) {
            request.set("object", Json.MAPPER.readTree(in));
        }
        // the handshake under emulation takes seconds: bound it by the sandbox's step timeout, not a native figure
        Duration limit = sandbox.emulated() ? Duration.ofSeconds(120) : Duration.ofSeconds(10);
        HttpClient tls = HttpClient.newBuilder()
                .sslContext(ca.sslContext())
                .connectTimeout(limit)
                .build();
        HttpRequest post = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mutate"))
                .timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(review)))
                .build();
        HttpResponse<byte[]> response = null;
        // the management port (/healthz) opens before the TLS port: wait for the latter as the API server's retries
        // would
        long deadline = System.nanoTime() + sandbox.timeout().toNanos();
        while (response == null) {
            try {
                response = tls.send(post, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw Sandbox.failure("the TLS port " + port + " never accepted a connection", log);
                }
                Thread.sleep(50);
            }
        }
        if (response.statusCode() != 200) {
            throw Sandbox.failure("POST /mutate answered " + response.statusCode(), log);
        }
        JsonNode answer =
                Json.parse(response.body(), "the AdmissionReview answer").path("response");
        if (!answer.path("uid").asText().equals(uid) || !answer.path("allowed").asBoolean(false)) {
            throw Sandbox.failure(
                    "the AdmissionReview answer has uid " + answer.path("uid") + ", allowed " + answer.path("allowed"),
                    log);
        }
        String patch = answer.path("patch").isTextual()
                ? new String(Base64.getDecoder().decode(answer.path("patch").asText()), StandardCharsets.UTF_8)
                : "";
        for (String expected : INJECTED) {
            // in a JSON Patch path the label's "/" is written "~1" (RFC 6901)
            if (!patch.contains(expected) && !patch.contains(expected.replace("/", "~1"))) {
                throw Sandbox.failure(
                        "the admission patch lacks " + expected + " (patch: " + patch.length() + " chars)", log);
            }
        }
        return "allowed the AdmissionReview over TLS with a "
                + Json.parse(patch.getBytes(StandardCharsets.UTF_8), "patch").size() + "-operation patch";
    }
}
