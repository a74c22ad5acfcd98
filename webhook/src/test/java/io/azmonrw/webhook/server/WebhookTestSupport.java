package io.azmonrw.webhook.server;

import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.tls.TestCerts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Helpers for the webhook ITs: env, a client that trusts a test certificate, AdmissionReviews, raw TLS probes. */
public final class WebhookTestSupport {
    static final String INGESTION =
            "https://127.0.0.1:9/dataCollectionRules/dcr-test/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24";

    private WebhookTestSupport() {}

    static Map<String, String> env(String certFile, String keyFile, String apiTimeout) {
        Map<String, String> env = new HashMap<>();
        env.put("WEBHOOK_PORT", "0");
        env.put("MANAGEMENT_PORT", "0");
        env.put("TLS_CERT_FILE", certFile);
        env.put("TLS_KEY_FILE", keyFile);
        env.put("INGESTION_URL", INGESTION);
        env.put("DEFAULT_TENANT_ID", "tenant-default");
        env.put("SIDECAR_MODE", "container");
        env.put("API_TIMEOUT", apiTimeout);
        env.put("POD_NAMESPACE", "azmon-rw-system");
        return env;
    }

    static SSLContext trusting(X509Certificate... certs) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certs.length; i++) {
                ks.setCertificateEntry("c" + i, certs[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpClient https(TestCerts.Issued... trusted) {
        X509Certificate[] certs = new X509Certificate[trusted.length];
        for (int i = 0; i < trusted.length; i++) {
            certs[i] = trusted[i].certificate();
        }
        return HttpClient.newBuilder()
                .sslContext(trusting(certs))
                .connectTimeout(Duration.ofSeconds(30))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Plain HTTP/1.1: the JDK client's default h2c upgrade attempt is not what a kubelet probe or Prometheus does. */
    static HttpClient plainClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    static HttpResponse<String> post(HttpClient client, int port, String path, byte[] body)
            throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A pod as prometheus-operator's StatefulSet controller sends it: generateName, no name, no namespace, ownerReferences. */
    static JsonObject prometheusPod(String serviceAccount) {
        return new JsonObject()
                .put("apiVersion", "v1")
                .put("kind", "Pod")
                .put(
                        "metadata",
                        new JsonObject()
                                .put("generateName", "prometheus-kps-prometheus-")
                                .put(
                                        "labels",
                                        new JsonObject()
                                                .put("app.kubernetes.io/name", "prometheus")
                                                .put("app.kubernetes.io/managed-by", "prometheus-operator")
                                                .put("prometheus", "kps-prometheus"))
                                .put(
                                        "ownerReferences",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("apiVersion", "apps/v1")
                                                        .put("kind", "StatefulSet")
                                                        .put("name", "prometheus-kps-prometheus")
                                                        .put("uid", "6f1d6c1e-1111-4a5b-9c1d-0123456789ab")
                                                        .put("controller", true)
                                                        .put("blockOwnerDeletion", true))))
                .put(
                        "spec",
                        new JsonObject()
                                .put("serviceAccountName", serviceAccount)
                                .put(
                                        "containers",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("name", "prometheus")
                                                        .put("image", "quay.io/prometheus/prometheus:v2.54.1")
                                                        .put(
                                                                "ports",
                                                                new JsonArray()
                                                                        .add(new JsonObject()
                                                                                .put("name", "http-web")
                                                                                .put("containerPort", 9090))))
                                                .add(
                                                        new JsonObject()
                                                                .put("name", "config-reloader")
                                                                .put(
                                                                        "image",
                                                                        "quay.io/prometheus-operator/prometheus-config-reloader:v0.76.0")))
                                .put(
                                        "initContainers",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("name", "init-config-reloader")
                                                        .put(
                                                                "image",
                                                                "quay.io/prometheus-operator/prometheus-config-reloader:v0.76.0")
                                                        .put(
                                                                "ports",
                                                                new JsonArray()
                                                                        .add(new JsonObject()
                                                                                .put("name", "reloader-web")
                                                                                .put("containerPort", 8081))))));
    }

    static JsonObject review(String apiVersion, String uid, String namespace, JsonObject pod) {
        try {
            return new JsonObject(
                    TestPods.review(apiVersion, uid, namespace, "CREATE", TestPods.JSON.readTree(pod.encode()), false)
                            .toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String uid() {
        return UUID.randomUUID().toString();
    }

    /** The JSON Patch of a response, decoded; null when there is none. */
    static JsonArray patch(JsonObject review) {
        String p = review.getJsonObject("response").getString("patch");
        return p == null ? null : new JsonArray(new String(Base64.getDecoder().decode(p), StandardCharsets.UTF_8));
    }

    /** The serial of the certificate the server presents, read with a plain JSSE handshake. */
    static BigInteger servedSerial(int port, TestCerts.Issued... trusted) throws IOException {
        X509Certificate[] certs = new X509Certificate[trusted.length];
        for (int i = 0; i < trusted.length; i++) {
            certs[i] = trusted[i].certificate();
        }
        try (SSLSocket s = (SSLSocket) trusting(certs).getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** Sends a plain-text HTTP request to the port and returns whatever comes back before the connection ends. */
    static String plainHttp(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10000);
            OutputStream out = s.getOutputStream();
            out.write(
                    "POST /mutate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = in.readNBytes(4096);
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            return ""; // reset by the server: refused, as intended
        }
    }

    public static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + max + " waiting for " + what);
    }
}
