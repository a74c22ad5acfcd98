package io.azmonrw.bench.gen;

import io.azmonrw.testkit.prompb.Types.Label;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** A stable, seeded set of N series with 10 to 15 labels each, shaped like a kube-prometheus-stack scrape. */
public final class SeriesSet {

    private static final String[] METRICS = {
        "container_cpu_usage_seconds_total",
        "container_memory_working_set_bytes",
        "container_network_receive_bytes_total",
        "container_fs_writes_bytes_total",
        "kube_pod_container_status_restarts_total",
        "kube_pod_status_phase",
        "node_cpu_seconds_total",
        "node_filesystem_avail_bytes",
        "node_network_transmit_packets_total",
        "apiserver_request_duration_seconds_bucket",
        "http_server_requests_seconds_bucket",
        "prometheus_remote_storage_samples_total",
        "kubelet_volume_stats_used_bytes",
        "coredns_dns_request_duration_seconds_bucket",
        "process_resident_memory_bytes",
    };
    private static final String[] JOBS = {
        "kubelet", "node-exporter", "kube-state-metrics", "apiserver", "coredns", "prometheus-operator",
    };
    private static final String[] NAMESPACES = {
        "kube-system", "monitoring", "payments-prod", "checkout-frontend", "ingress-nginx", "cert-manager",
    };

    private final List<List<Label>> series;

    private SeriesSet(List<List<Label>> series) {
        this.series = series;
    }

    /** Builds {@code count} distinct series from {@code seed}; the same arguments always give the same set. */
    public static SeriesSet generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        List<List<Label>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(labelsFor(i, seed));
        }
        return new SeriesSet(Collections.unmodifiableList(all));
    }

    /** Series per scrape target (pod): consecutive series share a pod, as in a real scrape, which is what snappy sees. */
    static final int SERIES_PER_TARGET = 40;

    private static final String[] BUCKETS = {"0.005", "0.1", "+Inf"};

    private static List<Label> labelsFor(int i, long seed) {
        int target = i / SERIES_PER_TARGET;
        int j = i % SERIES_PER_TARGET;
        // every pod's attributes come from its own seeded stream, so the set is stable whatever its size
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + target);
        String ns = NAMESPACES[rnd.nextInt(NAMESPACES.length)];
        String deploy =
                ns.replace("-prod", "") + "-" + new String[] {"api", "worker", "gateway", "cache"}[rnd.nextInt(4)];
        String podName = deploy + "-" + hex(rnd, 10) + "-" + chars(rnd, 5, "bcdfghjklmnpqrstvwxz2456789");
        String node = "aks-nodepool1-" + (10000000 + rnd.nextInt(89999999)) + "-vmss"
                + String.format("%06d", rnd.nextInt(64));
        String instance = "10.244." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ":" + (8080 + rnd.nextInt(2000));
        String uid = hex(rnd, 8) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 12);
        String image = "mcr.microsoft.com/oss/" + deploy + ":v1." + rnd.nextInt(30) + "." + rnd.nextInt(10);
        String job = JOBS[target % JOBS.length];

        List<Label> labels = new ArrayList<>(15);
        // (metric, le) is distinct for j in 0..39: j = 15 * (j / 15) + j % 15
        String[] pairs = {
            "__name__",
            METRICS[j % METRICS.length],
            "le",
            BUCKETS[j / METRICS.length],
            "cluster",
            "aks-westeurope-prod-01",
            "container",
            deploy.substring(deploy.lastIndexOf('-') + 1),
            "endpoint",
            "http-metrics",
            "instance",
            instance,
            "job",
            job,
            "namespace",
            ns,
            "node",
            node,
            "pod",
            podName,
            // 0 to 5 optional labels, so series have 10 to 15
            "service",
            deploy,
            "uid",
            uid,
            "image",
            image,
            "prometheus",
            "monitoring/kube-prometheus-stack-prometheus",
            "metrics_path",
            j % 2 == 0 ? "/metrics/cadvisor" : "/metrics"
        };
        for (int k = 0; k < 2 * (10 + i % 6); k += 2) {
            labels.add(
                    Label.newBuilder().setName(pairs[k]).setValue(pairs[k + 1]).build());
        }
        labels.sort((a, b) -> a.getName().compareTo(b.getName()));
        return Collections.unmodifiableList(labels);
    }

    private static String hex(SplittableRandom rnd, int n) {
        return chars(rnd, n, "0123456789abcdef");
    }

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
