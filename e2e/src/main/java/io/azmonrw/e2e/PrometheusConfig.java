package io.azmonrw.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes prometheus.yml: 1 s scrapes of the given targets, remote write to the proxy with short backoffs. */
public final class PrometheusConfig {
    private final List<String[]> jobs = new ArrayList<>();
    private String remoteWriteUrl;
    private String scrapeInterval = "1s";
    private String minBackoff = "100ms";
    private String maxBackoff = "2s";
    private final List<String> ruleFiles = new ArrayList<>();
    private String evaluationInterval = "1m";

    public PrometheusConfig scrape(String job, String address) {
        jobs.add(new String[] {job, address});
        return this;
    }

    /** A scrape job whose series get {@code labels}, e.g. the namespace and pod a PodMonitor would add in a cluster. */
    public PrometheusConfig scrape(String job, String address, Map<String, String> labels) {
        jobs.add(new String[] {job, address, labels(labels)});
        return this;
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder l = new StringBuilder();
        new TreeMap<>(labels)
                .forEach((k, v) -> l.append(l.length() == 0 ? "" : ", ")
                        .append(k)
                        .append(": '")
                        .append(v)
                        .append('\''));
        return l.toString();
    }

    /**
     * As {@link #scrape(String, String, Map)}, with {@code honor_labels: true} (a ServiceMonitor's {@code honorLabels}):
     * a series' own label (the webhook's per-namespace gauges carry {@code namespace}) wins over the target's.
     */
    public PrometheusConfig scrapeHonoringLabels(String job, String address, Map<String, String> labels) {
        jobs.add(new String[] {job, address, labels(labels), "honor_labels"});
        return this;
    }

    /** Rules files Prometheus loads and evaluates every {@code interval}. */
    public PrometheusConfig rules(List<String> files, String interval) {
        ruleFiles.addAll(files);
        this.evaluationInterval = interval;
        return this;
    }

    public PrometheusConfig remoteWrite(String url) {
        this.remoteWriteUrl = url;
        return this;
    }

    public PrometheusConfig scrapeInterval(String interval) {
        this.scrapeInterval = interval;
        return this;
    }

    public PrometheusConfig backoff(String min, String max) {
        this.minBackoff = min;
        this.maxBackoff = max;
        return this;
    }

    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("global:\n")
                .append("  scrape_interval: ")
                .append(scrapeInterval)
                .append('\n')
                .append("  scrape_timeout: ")
                .append(scrapeInterval)
                .append('\n')
                .append("  evaluation_interval: ")
                .append(evaluationInterval)
                .append('\n');
        if (!ruleFiles.isEmpty()) {
            y.append("rule_files:\n");
            ruleFiles.forEach(f -> y.append("  - '").append(f).append("'\n"));
        }
        y.append("scrape_configs:\n");
        for (String[] j : jobs) {
            y.append("  - job_name: ").append(j[0]).append('\n');
            if (j.length > 3) {
                y.append("    honor_labels: true\n");
            }
            y.append("    static_configs:\n")
                    .append("      - targets: ['")
                    .append(j[1])
                    .append("']\n");
            if (j.length > 2) {
                y.append("        labels: {").append(j[2]).append("}\n");
            }
        }
        if (remoteWriteUrl != null) {
            // short backoffs keep fault phases quick; the retry behaviour is otherwise Prometheus' default
            y.append("remote_write:\n")
                    .append("  - url: ")
                    .append(remoteWriteUrl)
                    .append('\n')
                    .append("    name: azmon\n")
                    .append("    remote_timeout: 10s\n")
                    .append("    queue_config:\n")
                    .append("      capacity: 10000\n")
                    .append("      min_shards: 1\n")
                    .append("      max_shards: 4\n")
                    .append("      max_samples_per_send: 2000\n")
                    .append("      batch_send_deadline: 1s\n")
                    .append("      min_backoff: ")
                    .append(minBackoff)
                    .append('\n')
                    .append("      max_backoff: ")
                    .append(maxBackoff)
                    .append('\n')
                    .append("    metadata_config:\n")
                    .append("      send: true\n")
                    .append("      send_interval: 30s\n");
        }
        return y.toString();
    }
}
