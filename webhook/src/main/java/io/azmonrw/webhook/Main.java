package io.azmonrw.webhook;

import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.common.service.ServiceLauncher;
import io.azmonrw.webhook.check.CheckCommand;
import io.azmonrw.webhook.cli.InjectCommand;
import io.azmonrw.webhook.cli.ServerHelp;
import io.azmonrw.webhook.k8s.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the webhook: with no argument the server, configured by env vars alone; {@code --help},
 * {@code --version} and the offline subcommands of the table below run instead, with no Vert.x and no cluster.
 */
public final class Main {
    /** A subcommand: gets the arguments after its name and the process streams, returns the exit code. */
    public interface Subcommand {
        int run(String[] args, InputStream in, PrintStream out, PrintStream err);
    }

    /** Name to summary line and code, in --help order; one line per subcommand. */
    static final Map<String, Map.Entry<String, Subcommand>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        add(
                "inject",
                "add the proxy to manifests offline (Prometheus pod templates and prometheus-operator resources)",
                (args, in, out, err) -> InjectCommand.run(false, args, in, out, err));
        add(
                "uninject",
                "remove from manifests exactly what inject added",
                (args, in, out, err) -> InjectCommand.run(true, args, in, out, err));
        add(
                "check",
                "explain the install and every Prometheus pod through your kubeconfig ([ok]/[warn]/[fail] with the fix)",
                (args, in, out, err) -> CheckCommand.run(withName("check", args), out, err));
    }

    private Main() {}

    /** CheckCommand parses the whole command line, its name first. */
    private static String[] withName(String name, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = name;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static void add(String name, String summary, Subcommand command) {
        SUBCOMMANDS.put(name, Map.entry(summary, command));
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(dispatch(args, System.in, System.out, System.err));
        }
        Map<String, String> env = System.getenv();
        String instance = env.getOrDefault(WebhookEnv.HOSTNAME, "azmon-rw-webhook");
        int code = ServiceLauncher.run(
                "azmon-rw-webhook",
                BuildInfo.version(Main.class),
                env,
                WebhookConfig::fromEnv,
                (config, registry, vertx) -> {
                    KubernetesClient client = KubernetesClients.create(config.apiTimeout());
                    return new WebhookVerticle(ProxyImage.settle(config, client), registry, client, instance);
                });
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs {@code --help}, {@code --version} or a subcommand; never the server. */
    static int dispatch(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String first = args[0];
        Map.Entry<String, Subcommand> sub = SUBCOMMANDS.get(first);
        if (sub != null) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            return sub.getValue().run(rest, in, out, err);
        }
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            out.print(ServerHelp.text(BuildInfo.version(Main.class), SUBCOMMANDS));
            out.flush();
            return 0;
        }
        if (first.equals("--version")) {
            out.println("azmon-rw-webhook " + BuildInfo.version(Main.class));
            return 0;
        }
        err.println("error: unknown argument '" + first
                + "'; the server takes no arguments (configured by env vars); see --help");
        return 2;
    }
}
