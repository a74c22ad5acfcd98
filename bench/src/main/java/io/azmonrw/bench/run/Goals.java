package io.azmonrw.bench.run;

/** Issue 18's goals for the proxy and the webhook: the one place the bench knows them. Each is met when the median is at most the limit. */
enum Goals {
    SUSTAINED_RSS("proxy RSS at %s samples/s sustained (largest per round)", 96, "MiB", 1),
    IDLE_RSS("proxy RSS idle, settled (" + BenchMain.SETTLE_SECONDS + " s after the first token)", 64, "MiB", 1),
    READY_AMD64("start to `/ready` 200, amd64 runtime", 1000, "ms", 0),
    READY_ARM64("start to `/ready` 200, arm64 runtime", 2000, "ms", 0),
    CPU_VS_NGINX("proxy CPU per million samples at the fixed rate, as a multiple of nginx's (per round)", 2.0, "x", 2),
    WEBHOOK_LARGE_P99("webhook p99 over TLS, pod with 1,500 env vars", 50, "ms", 2),
    WEBHOOK_KPS_P99("webhook p99 over TLS, kube-prometheus-stack pod", 5, "ms", 2);

    final String text;
    final double limit;
    final String unit;
    final int decimals;

    Goals(String text, double limit, String unit, int decimals) {
        this.text = text;
        this.limit = limit;
        this.unit = unit;
        this.decimals = decimals;
    }

    boolean met(Spread measured) {
        return measured.median() <= limit;
    }
}
