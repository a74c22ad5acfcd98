package io.azmonrw.webhook;

import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;
import io.azmonrw.webhook.cli.InjectCommand;
import io.azmonrw.webhook.k8s.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Entry point of the webhook: configured by env vars alone; {@code inject ...} runs the offline CLI instead. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && "inject".equals(args[0])) {
            // offline: no Vert.x, no cluster, no config from env
            System.exit(InjectCommand.run(args, System.in, System.out, System.err));
        }
        if (args.length > 0 && "check".equals(args[0])) {
            System.exit(io.azmonrw.webhook.check.CheckCommand.run(args, System.out, System.err));
        }
        Map<String, String> env = System.getenv();
        String instance = env.getOrDefault("HOSTNAME", "azmon-rw-webhook");
        int code = ServiceLauncher.run("azmon-rw-webhook", BuildInfo.version(Main.class), env, WebhookConfig::fromEnv,
                (config, registry, vertx) -> {
                    KubernetesClient client = KubernetesClients.create(config.apiTimeout());
                    return new WebhookVerticle(ProxyImage.settle(config, client), registry, client, instance);
                });
        if (code != 0) {
            System.exit(code);
        }
    }
}
