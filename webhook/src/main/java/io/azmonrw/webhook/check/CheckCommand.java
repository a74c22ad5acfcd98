package io.azmonrw.webhook.check;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;

/**
 * {@code azmon-rw-webhook check}: explains the install and the Prometheus pods from the user's kubeconfig (fabric8's
 * auto-configuration, like kubectl), with the user's own rights. Exit 0 all passed (warnings allowed), 1 a check
 * failed, 2 bad arguments or no cluster.
 */
public final class CheckCommand {
    private CheckCommand() {}

    /** @param args the full command line, starting with {@code check} */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CheckOptions o;
        try {
            o = CheckOptions.parse(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("check: " + e.getMessage());
            return 2;
        }
        if (o.help()) {
            out.print(CheckOptions.USAGE);
            return 0;
        }
        // the checklist is the output (and -o json is parsed by scripts): library log lines on stdout would corrupt it
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        try (KubernetesClient client = client(Config.autoConfigure(null))) {
            return run(o, client, Clock.systemUTC(), out, err);
        }
    }

    /**
     * The client for {@code check}: the given config without fabric8's retries, so that a proxy answering 503 on
     * {@code /ready} is shown at once rather than retried with backoff.
     */
    public static KubernetesClient client(Config base) {
        return new KubernetesClientBuilder()
                .withConfig(
                        new ConfigBuilder(base).withRequestRetryBackoffLimit(0).build())
                .build();
    }

    /** The checks with a given client and clock (tests pass the mock server's client and a fixed clock). */
    public static int run(CheckOptions o, KubernetesClient client, Clock clock, PrintStream out, PrintStream err) {
        Checklist list = new Checklist();
        try {
            // one request first: an unreachable cluster is one line and exit 2, not a page of failed checks
            client.getKubernetesVersion();
            WebhookSettings settings =
                    new InstallChecks(client, clock, list).run(o.webhookNamespace(), o.webhookName());
            new PodChecks(client, list, settings).run(o);
        } catch (KubernetesClientException e) {
            // fabric8's own message is generic: the deepest cause says what happened
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("check: cannot reach the cluster at " + client.getMasterUrl() + ": "
                    + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage())
                    + " (the kubeconfig context, as for kubectl)");
            return 2;
        }
        if (o.json()) {
            list.printJson(out);
        } else {
            list.printText(out);
        }
        return list.exitCode();
    }
}
