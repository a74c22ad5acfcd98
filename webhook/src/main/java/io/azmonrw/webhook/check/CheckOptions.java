package io.azmonrw.webhook.check;

import java.util.Optional;

/** The arguments of {@code check}; {@link #parse} throws IllegalArgumentException with one line for bad input. */
public record CheckOptions(
        boolean json,
        Optional<String> namespace,
        Optional<String> podNamespace,
        Optional<String> podName,
        String webhookNamespace,
        String webhookName,
        boolean help) {
    public static final String DEFAULT_WEBHOOK_NAMESPACE = "azmon-rw-system";
    public static final String DEFAULT_WEBHOOK_NAME = "azmon-rw-webhook";

    public static final String USAGE = """
            Usage: azmon-rw-webhook check [-o text|json] [--namespace NS | --pod NS/NAME]
                                          [--webhook-namespace NS] [--webhook-name NAME]
            Checks the install and the Prometheus pods through your kubeconfig (like kubectl), one line per check:
            [ok], [warn] or [fail] with the fix. Exits 1 when any check fails, 2 on bad arguments.
              -o, --output text|json   output format (default text)
              --namespace NS           check one namespace's Prometheus pods (and the install)
              --pod NS/NAME            explain one pod in full (and the install)
              --webhook-namespace NS   where the webhook runs (default azmon-rw-system)
              --webhook-name NAME      its Deployment, Service and MutatingWebhookConfiguration (default azmon-rw-webhook)
            """;

    /** @param args the arguments after {@code check} */
    public static CheckOptions parse(String[] args) {
        boolean json = false;
        Optional<String> namespace = Optional.empty();
        Optional<String> podNs = Optional.empty();
        Optional<String> podName = Optional.empty();
        String whNs = DEFAULT_WEBHOOK_NAMESPACE;
        String whName = DEFAULT_WEBHOOK_NAME;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return new CheckOptions(
                            false, Optional.empty(), Optional.empty(), Optional.empty(), whNs, whName, true);
                }
                case "-o", "--output" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("json") && !v.equals("text")) {
                        throw new IllegalArgumentException(a + " takes text or json, not '" + v + "'");
                    }
                    json = v.equals("json");
                }
                case "--namespace", "-n" -> namespace = Optional.of(value(args, ++i, a));
                case "--pod" -> {
                    String v = value(args, ++i, a);
                    int slash = v.indexOf('/');
                    if (slash <= 0 || slash == v.length() - 1 || v.indexOf('/', slash + 1) >= 0) {
                        throw new IllegalArgumentException("--pod takes NAMESPACE/NAME, not '" + v + "'");
                    }
                    podNs = Optional.of(v.substring(0, slash));
                    podName = Optional.of(v.substring(slash + 1));
                }
                case "--webhook-namespace" -> whNs = value(args, ++i, a);
                case "--webhook-name" -> whName = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "' (see check --help)");
            }
        }
        if (namespace.isPresent() && podName.isPresent()) {
            throw new IllegalArgumentException("--namespace and --pod exclude each other");
        }
        return new CheckOptions(json, namespace, podNs, podName, whNs, whName, false);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
