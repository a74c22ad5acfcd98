package io.azmonrw.bench.gen;

import io.azmonrw.testkit.prompb.Types.Label;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A stable, seeded set of N series with 10 to 15 labels each, shaped like a kube-prometheus-stack scrape. */
public final class SeriesSet {

    private static final String[] METRICS = ("container_cpu_usage_seconds_total container_memory_working_set_bytes "
                    + "container_network_receive_bytes_total container_fs_writes_bytes_total "
                    + "kube_pod_container_status_restarts_total kube_pod_status_phase node_cpu_seconds_total "
                    + "node_filesystem_avail_bytes node_network_transmit_packets_total "
                    + "apiserver_request_duration_seconds_bucket http_server_requests_seconds_bucket "
                    + "prometheus_remote_storage_samples_total kubelet_volume_stats_used_bytes "
                    + "coredns_dns_request_duration_seconds_bucket process_resident_memory_bytes")
            .split(" ");
    private static final String[] JOBS =
            "kubelet node-exporter kube-state-metrics apiserver coredns prometheus-operator".split(" ");
    private static final String[] NAMESPACES =
            "kube-system monitoring payments-prod checkout-frontend ingress-nginx cert-manager".split(" ");
    private static final String[] BUCKETS = {"0.005", "0.1", "+Inf"};
    /** Label names in the order their values are built; series take the first 10 to 15. */
    private static final String[] NAMES = ("__name__ le cluster container endpoint instance job namespace node pod "
                    + "service uid image prometheus metrics_path")
            .split(" ");

    /** Series per scrape target (pod): consecutive series share a pod, as in a real scrape, which is what snappy sees. */
    static final int SERIES_PER_TARGET = 40;

    private final List<List<Label>> series;

    private SeriesSet(List<List<Label>> series) {
        this.series = series;
    }

    /** Builds {@code count} distinct series from {@code seed}; the same arguments always give the same set. */
    public static SeriesSet generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        return new SeriesSet(
                IntStream.range(0, count).mapToObj(i -> labelsFor(i, seed)).toList());
    }

    private static List<Label> labelsFor(int i, long seed) {
        int target = i / SERIES_PER_TARGET;
        int j = i % SERIES_PER_TARGET;
        // every pod's attributes come from its own seeded stream, so the set is stable whatever its size
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + target);
        String ns = NAMESPACES[rnd.nextInt(NAMESPACES.length)];
        String role = new String[] {"api", "worker", "gateway", "cache"}[rnd.nextInt(4)];
        String deploy = ns.replace("-prod", "") + "-" + role;
        String pod = deploy + "-" + chars(rnd, 10, HEX) + "-" + chars(rnd, 5, "bcdfghjklmnpqrstvwxz2456789");
        String node = "aks-nodepool1-" + (10000000 + rnd.nextInt(89999999)) + "-vmss"
                + String.format("%06d", rnd.nextInt(64));
        String instance = "10.244." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ":" + (8080 + rnd.nextInt(2000));
        StringBuilder uid = new StringBuilder(chars(rnd, 8, HEX));
        for (int n : new int[] {4, 4, 4, 12}) {
            uid.append('-').append(chars(rnd, n, HEX));
        }
        String image = "mcr.microsoft.com/oss/" + deploy + ":v1." + rnd.nextInt(30) + "." + rnd.nextInt(10);
        // (metric, le) is distinct for j in 0..39: j = 15 * (j / 15) + j % 15
        String[] values = {
            METRICS[j % METRICS.length],
            BUCKETS[j / METRICS.length],
            "aks-westeurope-prod-01",
            role,
            "http-metrics",
            instance,
            JOBS[target % JOBS.length],
            ns,
            node,
            pod,
            // 0 to 5 optional labels, so series have 10 to 15
            deploy,
            uid.toString(),
            image,
            "monitoring/kube-prometheus-stack-prometheus",
            j % 2 == 0 ? "/metrics/cadvisor" : "/metrics"
        };
        return IntStream.range(0, 10 + i % 6)
                .mapToObj(k ->
                        Label.newBuilder().setName(NAMES[k]).setValue(values[k]).build())
                .sorted(Comparator.comparing(Label::getName))
                .toList();
    }

    private static final String HEX = "0123456789abcdef";

    /** {@code n} characters drawn from {@code alphabet}, e.g. a pod name's random suffix. */
    private static String chars(SplittableRandom rnd, int n, String alphabet) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    public int size() {
        return series.size();
    }

    /** Labels of series {@code index}, sorted by name as Prometheus sends them. */
    public List<Label> labels(int index) {
        return series.get(index);
    }
}
