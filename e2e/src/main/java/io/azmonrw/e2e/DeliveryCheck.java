package io.azmonrw.e2e;

import io.azmonrw.testkit.ReceivedSamples;
import io.azmonrw.testkit.SeriesKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what Prometheus scraped (from its query API, so an independent record) with what the ingestion
 * stand-in accepted: every (series, timestamp) must have arrived; duplicates are reported, not failed.
 */
public final class DeliveryCheck {
    /** The outcome for one time window. */
    public record Result(long expected, long missing, List<String> missingExamples, long series) {
        public boolean complete() {
            return missing == 0;
        }

        @Override
        public String toString() {
            return expected + " samples of " + series + " series expected, " + missing + " missing"
                    + (missingExamples.isEmpty() ? "" : " e.g. " + missingExamples);
        }
    }

    private DeliveryCheck() {}

    /** Samples of {@code metric} with timestamps in (fromMs, toMs], queried group by group to keep answers small. */
    public static Map<String, List<Long>> scraped(
            PrometheusProcess prom, String metric, int groups, long fromMs, long toMs) {
        long windowSeconds = Math.max(1, (toMs - fromMs + 999) / 1000);
        Map<String, List<Long>> out = new HashMap<>();
        for (int g = 0; g < groups; g++) {
            JsonArray result = prom.query(metric + "{group=\"g" + g + "\"}[" + windowSeconds + "s]", toMs);
            for (int i = 0; i < result.size(); i++) {
                JsonObject series = result.getJsonObject(i);
                Map<String, String> labels = new HashMap<>();
                series.getJsonObject("metric").forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
                List<Long> ts = out.computeIfAbsent(SeriesKey.of(labels), k -> new ArrayList<>());
                JsonArray values = series.getJsonArray("values");
                for (int k = 0; k < values.size(); k++) {
                    long t = Math.round(((Number) values.getJsonArray(k).getValue(0)).doubleValue() * 1000);
                    if (t > fromMs && t <= toMs) {
                        ts.add(t);
                    }
                }
            }
        }
        return out;
    }

    public static Result compare(Map<String, List<Long>> scraped, ReceivedSamples received) {
        long expected = 0;
        long missing = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : scraped.entrySet()) {
            for (long t : e.getValue()) {
                expected++;
                if (!received.contains(e.getKey(), t)) {
                    missing++;
                    if (examples.size() < 5) {
                        examples.add(e.getKey() + "@" + t);
                    }
                }
            }
        }
        return new Result(expected, missing, examples, scraped.size());
    }

    /**
     * Waits (at most 120 s) until Prometheus' queue has sent past {@code toMs}, so everything older was sent and
     * acknowledged, then compares the window (fromMs, toMs]; other shards may still be retrying an older batch, so
     * an incomplete result is compared again for at most {@code settle}.
     */
    public static Result afterDrain(
            PrometheusProcess prom,
            ReceivedSamples received,
            String metric,
            int groups,
            long fromMs,
            long toMs,
            java.time.Duration settle)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        RemoteWriteCounters c = prom.remoteWrite();
        while (c.highestSentSeconds() < toMs / 1000.0 + 2 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            c = prom.remoteWrite();
        }
        Map<String, List<Long>> expected = scraped(prom, metric, groups, fromMs, toMs);
        Result r = compare(expected, received);
        long end = System.nanoTime() + settle.toNanos();
        while (!r.complete() && System.nanoTime() < end) {
            Thread.sleep(1000);
            r = compare(expected, received);
        }
        return r;
    }
}
