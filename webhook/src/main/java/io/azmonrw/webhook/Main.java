package io.azmonrw.webhook;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;

/** Entry point of the webhook: configured by env vars alone. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = ServiceLauncher.run("azmon-rw-webhook", BuildInfo.version(Main.class), System.getenv(),
                WebhookConfig::fromEnv, (config, registry, vertx) -> new WebhookVerticle(config, registry));
        if (code != 0) {
            System.exit(code);
        }
    }
}
