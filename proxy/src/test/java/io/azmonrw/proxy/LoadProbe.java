package io.azmonrw.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throughput figure for the README, not a test: POSTs one remote-write body (SERIES x SAMPLES samples) to a
 * running proxy from CONCURRENCY loops for SECONDS and prints accepted samples per second.
 * Usage: {@code java -cp <test classpath> io.azmonrw.proxy.LoadProbe http://127.0.0.1:PORT/api/v1/write [seconds] [concurrency]}
 */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int series = 500;
        int samples = 4;
        byte[] body = Payloads.rw1(series, samples, System.currentTimeMillis() - 60_000);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest req = HttpRequest.newBuilder(target).header("Content-Type", "application/x-protobuf")
                            .header("Content-Encoding", "snappy").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    try {
                        int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status / 100 == 2 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("requests ok=%d failed=%d in %.1f s; body %d bytes, %d samples; %.0f requests/s, %.0f samples/s%n",
                ok.get(), failed.get(), secs, body.length, series * samples, ok.get() / secs, ok.get() * series * samples / secs);
    }
}
