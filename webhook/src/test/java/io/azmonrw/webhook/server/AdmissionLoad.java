package io.azmonrw.webhook.server;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small load loop (a measurement, not a test): POSTs the kube-prometheus-stack Prometheus pod's AdmissionReview
 * to a running webhook over TLS from N keep-alive connections and prints admissions/s and latency percentiles.
 * Usage: {@code AdmissionLoad <port> <ca-or-cert.pem> <pod.json> <seconds> <concurrency>}; see webhook/README.md.
 */
public final class AdmissionLoad {
    private AdmissionLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path trust = Path.of(args[1]);
        String pod = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        int seconds = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("webhook", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(trust))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        URI uri = URI.create("https://127.0.0.1:" + port + "/mutate");

        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicLong failures = new AtomicLong();
        List<Future<long[]>> results = new ArrayList<>();
        // warm-up (TLS handshakes, JIT) outside the measured window
        runFor(ssl, uri, pod, Duration.ofSeconds(Math.max(2, seconds / 5)), 1, failures);
        failures.set(0);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        for (int i = 0; i < concurrency; i++) {
            results.add(pool.submit(() -> loop(ssl, uri, pod, end, failures)));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("admissions=%d failures=%d seconds=%.1f concurrency=%d admissions_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                lat.length, failures.get(), elapsed, concurrency, lat.length / elapsed,
                pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
    }

    private static void runFor(SSLContext ssl, URI uri, String pod, Duration d, int n, AtomicLong failures) {
        long end = System.nanoTime() + d.toNanos();
        for (int i = 0; i < n; i++) {
            loop(ssl, uri, pod, end, failures);
        }
    }

    /** One keep-alive connection's worth of sequential admissions; returns each latency in ns. */
    private static long[] loop(SSLContext ssl, URI uri, String pod, long end, AtomicLong failures) {
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        long[] lat = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
            String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + UUID.randomUUID()
                    + "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},"
                    + "\"namespace\":\"monitoring\",\"operation\":\"CREATE\",\"object\":" + pod + ",\"dryRun\":false}}";
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"patch\"")) {
                    failures.incrementAndGet();
                    continue;
                }
            } catch (Exception e) {
                failures.incrementAndGet();
                continue;
            }
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = System.nanoTime() - t0;
        }
        return Arrays.copyOf(lat, n);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
