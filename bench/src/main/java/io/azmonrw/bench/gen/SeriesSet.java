package io.azmonrw.bench.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** A stable, seeded set of N series with 10 to 15 labels each, shaped like a kube-prometheus-stack scrape. */
public final class SeriesSet {

  /** One label pair. */
  public record Label(String name, String value) {}

  private static final String[] METRICS = {
    "container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
    "container_network_receive_bytes_total", "container_fs_writes_bytes_total",
    "kube_pod_container_status_restarts_total", "kube_pod_status_phase",
    "node_cpu_seconds_total", "node_filesystem_avail_bytes", "node_network_transmit_packets_total",
    "apiserver_request_duration_seconds_bucket", "http_server_requests_seconds_bucket",
    "prometheus_remote_storage_samples_total", "kubelet_volume_stats_used_bytes",
    "coredns_dns_request_duration_seconds_bucket", "process_resident_memory_bytes",
  };
  private static final String[] JOBS = {
    "kubelet", "node-exporter", "kube-state-metrics", "apiserver", "coredns", "prometheus-operator",
  };
  private static final String[] NAMESPACES = {
    "kube-system", "monitoring", "payments-prod", "checkout-frontend", "ingress-nginx", "cert-manager",
  };
  private static final String[] EXTRA_NAMES = {
    "container", "image", "uid", "endpoint", "service", "metrics_path", "le", "mode", "device",
    "verb", "resource", "code", "phase", "pod_template_hash",
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
    SplittableRandom rnd = new SplittableRandom(seed);
    List<List<Label>> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(labelsFor(i, rnd));
    }
    return new SeriesSet(Collections.unmodifiableList(all));
  }

  private static List<Label> labelsFor(int i, SplittableRandom rnd) {
    int labelCount = 10 + (i % 6);
    List<Label> labels = new ArrayList<>(labelCount);
    String ns = NAMESPACES[rnd.nextInt(NAMESPACES.length)];
    String deploy = ns.replace("-prod", "") + "-api";
    labels.add(new Label("__name__", METRICS[rnd.nextInt(METRICS.length)]));
    labels.add(new Label("cluster", "aks-westeurope-prod-01"));
    labels.add(new Label("instance", "10.244." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ":" + (9100 + rnd.nextInt(900))));
    labels.add(new Label("job", JOBS[rnd.nextInt(JOBS.length)]));
    labels.add(new Label("namespace", ns));
    labels.add(new Label("node", "aks-nodepool1-" + (10000000 + rnd.nextInt(89999999)) + "-vmss" + String.format("%06d", rnd.nextInt(64))));
    labels.add(new Label("pod", deploy + "-" + hex(rnd, 10) + "-" + alnum(rnd, 5)));
    labels.add(new Label("prometheus", "monitoring/kube-prometheus-stack-prometheus"));
    labels.add(new Label("prometheus_replica", "prometheus-kube-prometheus-stack-prometheus-0"));
    // the series index makes every series distinct whatever the random draws were
    labels.add(new Label("series_id", Integer.toString(i)));
    for (int k = 0; labels.size() < labelCount; k++) {
      String name = EXTRA_NAMES[(i + k) % EXTRA_NAMES.length];
      labels.add(new Label(name, extraValue(name, rnd, deploy)));
    }
    labels.sort((a, b) -> a.name().compareTo(b.name()));
    return Collections.unmodifiableList(labels);
  }

  private static String extraValue(String name, SplittableRandom rnd, String deploy) {
    switch (name) {
      case "image":
        return "mcr.microsoft.com/oss/" + deploy + ":v1." + rnd.nextInt(30) + "." + rnd.nextInt(10);
      case "uid":
        return hex(rnd, 8) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 4) + "-" + hex(rnd, 12);
      case "le":
        return new String[] {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"}[rnd.nextInt(10)];
      case "metrics_path":
        return rnd.nextBoolean() ? "/metrics/cadvisor" : "/metrics";
      case "code":
        return Integer.toString(200 + 100 * rnd.nextInt(4));
      default:
        return name.substring(0, Math.min(4, name.length())) + "-" + alnum(rnd, 4 + rnd.nextInt(12));
    }
  }

  private static String hex(SplittableRandom rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static String alnum(SplittableRandom rnd, int n) {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(chars.charAt(rnd.nextInt(chars.length())));
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
