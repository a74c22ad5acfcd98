package io.azmonrw.webhook.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.logging.OneLine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a proxy's {@code /ready} through the API server's pod proxy subresource
 * ({@code /api/v1/namespaces/NS/pods/NAME:PORT/proxy/ready}): the user's kubeconfig, no port-forward. The body is
 * read as a tree, so fields added later are ignored; {@code upstream} is shown when present.
 */
final class ProxyReadyProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    /** What /ready said: HTTP code, overall status, the token check, the last upstream outcome (each may be absent). */
    record Ready(
            int code,
            String status,
            String token,
            boolean tokenUp,
            String upstream,
            boolean upstreamFailed,
            String error) {
        boolean reachable() {
            return error == null;
        }
    }

    private final KubernetesClient client;

    ProxyReadyProbe(KubernetesClient client) {
        this.client = client;
    }

    Ready probe(String namespace, String pod, int port) {
        String path = "api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(pod) + ":" + port + "/proxy"
                + Injection.READY_PATH;
        try {
            URI uri = client.getMasterUrl().toURI().resolve(path);
            HttpClient http = client.getHttpClient();
            HttpResponse<String> r = http.sendAsync(
                            http.newHttpRequestBuilder()
                                    .uri(uri)
                                    .timeout(10, TimeUnit.SECONDS)
                                    .build(),
                            String.class)
                    .get(15, TimeUnit.SECONDS);
            return parse(r.code(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ready(0, null, null, false, null, false, "interrupted");
        } catch (TimeoutException e) {
            return new Ready(0, null, null, false, null, false, "no answer within 15 s");
        } catch (ExecutionException | java.net.URISyntaxException | RuntimeException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Ready(0, null, null, false, null, false, c.getClass().getSimpleName() + ": " + c.getMessage());
        }
    }

    static Ready parse(int code, String body) {
        String text = body == null ? "" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            String line = OneLine.of(text.lines().findFirst().orElse(""), 200);
            return new Ready(
                    code, null, null, false, null, false, "HTTP " + code + (line.isEmpty() ? "" : ": " + line));
        }
        String status = root.path("status").asText(null);
        String token = null;
        boolean tokenUp = false;
        for (JsonNode c : root.path("checks")) {
            if ("token".equals(c.path("name").asText())) {
                tokenUp = "UP".equals(c.path("status").asText());
                token = c.path("status").asText("?") + " " + c.path("detail").asText("");
            }
        }
        JsonNode up = root.path("upstream");
        String upstream = null;
        boolean upstreamFailed = false;
        if (up.isObject()) {
            List<String> parts = new ArrayList<>();
            JsonNode s = up.path("status");
            if (!s.isMissingNode() && !s.isNull()) {
                parts.add(s.asText());
                upstreamFailed = s.isNumber() ? s.asInt() >= 400 : !s.asText().matches("(?i)(2\\d\\d|ok|success|up).*");
            }
            if (up.hasNonNull("time")) {
                parts.add("at " + up.path("time").asText());
            }
            if (up.hasNonNull("reason") && !up.path("reason").asText().isBlank()) {
                parts.add("(" + up.path("reason").asText() + ")");
            }
            upstream = String.join(" ", parts);
        }
        return new Ready(code, status, token, tokenUp, upstream, upstreamFailed, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
