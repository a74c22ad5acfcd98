package io.azmonrw.webhook.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebhookMetricsTest {

    @Test
    void countsByOutcomeAndReasonAndTimesIntoBuckets() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WebhookMetrics m = new WebhookMetrics(registry);
        m.admission("INJECTED", "injected", TimeUnit.MILLISECONDS.toNanos(3));
        m.admission("INJECTED", "injected", TimeUnit.MILLISECONDS.toNanos(30));
        m.admission("SKIPPED", "not_selected", TimeUnit.MILLISECONDS.toNanos(1));
        m.admission("error", "payload_too_large", -1);
        String text = registry.scrape();
        assertThat(text)
                .contains("azmon_rw_webhook_admissions_total{outcome=\"injected\",reason=\"injected\"} 2.0")
                .contains("azmon_rw_webhook_admissions_total{outcome=\"skipped\",reason=\"not_selected\"} 1.0")
                .contains("azmon_rw_webhook_admissions_total{outcome=\"error\",reason=\"payload_too_large\"} 1.0")
                // 3 timed (the untimed rejection is not), 1 ms and 3 ms under 5 ms, 30 ms under 50 ms
                .contains("azmon_rw_webhook_admission_duration_seconds_count 3")
                .contains("azmon_rw_webhook_admission_duration_seconds_bucket{le=\"0.005\"} 2")
                .contains("azmon_rw_webhook_admission_duration_seconds_bucket{le=\"0.05\"} 3");
    }

    @Test
    void unboundedReasonsFoldIntoOther() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WebhookMetrics m = new WebhookMetrics(registry);
        for (int i = 0; i < 100; i++) {
            m.admission("skipped", "reason-" + i, 0);
        }
        String text = registry.scrape();
        assertThat(text.lines()
                        .filter(l -> l.startsWith("azmon_rw_webhook_admissions_total{"))
                        .count())
                .isEqualTo(65);
        assertThat(text).contains("azmon_rw_webhook_admissions_total{outcome=\"skipped\",reason=\"other\"} 36.0");
    }
}
