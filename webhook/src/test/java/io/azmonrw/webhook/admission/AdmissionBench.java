package io.azmonrw.webhook.admission;

import io.azmonrw.webhook.TestPods;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * In-process measurement of AdmissionService.review for the kube-prometheus-stack pod (no HTTP, no TLS): run with
 * {@code java -cp webhook/target/classes:webhook/target/test-classes:'webhook/target/lib/*' io.azmonrw.webhook.admission.AdmissionBench [seconds]}.
 */
public final class AdmissionBench {
    private AdmissionBench() {}

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        MapClusterLookup lookup = new MapClusterLookup()
                .serviceAccount("monitoring", "kube-prometheus-stack-prometheus", Map.of("azure.workload.identity/client-id", "cid"));
        AdmissionService s = new AdmissionService(TestPods.config(Map.of()), lookup, AdmissionEvents.none());
        Buffer body = TestPods.body(TestPods.review("admission.k8s.io/v1", "u", "CREATE", TestPods.pod("kps-prometheus.json"), false));
        for (int i = 0; i < 2000; i++) {
            s.review(body).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        long[] lat = new long[5_000_000];
        int n = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        while (System.nanoTime() < end && n < lat.length) {
            long t0 = System.nanoTime();
            AdmissionResult r = s.review(body).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            lat[n++] = System.nanoTime() - t0;
            if (r.outcome() != Outcome.INJECTED) {
                throw new IllegalStateException("not injected: " + r.reason());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        System.out.printf("admissions=%d in %.1fs: %.0f/s single-threaded; p50=%.3fms p99=%.3fms max=%.3fms%n", n, elapsed, n / elapsed,
                sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6);
    }
}
