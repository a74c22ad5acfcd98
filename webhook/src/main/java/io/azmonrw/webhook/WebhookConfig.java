package io.azmonrw.webhook;

import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.common.config.EnvReader;
import io.azmonrw.common.service.ServiceLauncher.ServiceConfig;
import java.time.Duration;
import java.util.Map;

/** The webhook's immutable configuration, read once at startup from the environment (design.md section 3). */
public record WebhookConfig(int webhookPort, int managementPort, Duration apiTimeout) implements ServiceConfig {

    public static WebhookConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        int port = r.integer(WebhookEnv.WEBHOOK_PORT, WebhookEnv.DEFAULT_WEBHOOK_PORT, 0, 65535);
        int mgmt = r.integer(WebhookEnv.MANAGEMENT_PORT, WebhookEnv.DEFAULT_MANAGEMENT_PORT, 0, 65535);
        Duration timeout = r.duration(WebhookEnv.API_TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30));
        r.done();
        return new WebhookConfig(port, mgmt, timeout);
    }

    @Override
    public Map<String, String> metricTags() {
        return Map.of();
    }

    @Override
    public Duration shutdownTimeout() {
        return Duration.ofSeconds(10);
    }
}
