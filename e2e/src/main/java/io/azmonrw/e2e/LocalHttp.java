package io.azmonrw.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small blocking HTTP GET helper for loopback endpoints (Prometheus API, /metrics, /ready). */
public final class LocalHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private LocalHttp() {}

    /** The body of a 200 answer, or null on any other status or a connection error. */
    public static String getOrNull(String url) {
        try {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The body of a 200 answer; throws otherwise. */
    public static String get(String url) {
        String body = getOrNull(url);
        if (body == null) {
            throw new IllegalStateException("GET " + url + " failed");
        }
        return body;
    }
}
