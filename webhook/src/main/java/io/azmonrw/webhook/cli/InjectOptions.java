package io.azmonrw.webhook.cli;

import io.azmonrw.common.config.Cloud;
import io.azmonrw.common.config.IngestionUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** The parsed command line of {@code inject} and {@code uninject}. */
record InjectOptions(
        boolean uninject,
        String file,
        Optional<String> clientId,
        Optional<String> tenantId,
        Optional<String> ingestionUrl,
        Optional<String> image,
        boolean nativeSidecar,
        boolean all,
        boolean noRemoteWrite,
        Cloud cloud,
        String authorityHost) {

    /** Thrown for {@code --help} and {@code --version}: print, exit 0. */
    static final class InfoRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean help;

        InfoRequested(boolean help) {
            super(null, null, false, false);
            this.help = help;
        }
    }

    /**
     * @param args the arguments after the subcommand name
     * @throws BadInput with a one-line reason
     * @throws InfoRequested for --help and --version
     */
    static InjectOptions parse(boolean uninject, String[] args) {
        String file = null;
        String clientId = null;
        String tenantId = null;
        String url = null;
        String image = null;
        boolean nativeSidecar = false;
        boolean all = false;
        boolean noRemoteWrite = false;
        String cloud = null;
        String authorityHost = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new InfoRequested(true);
            }
            if (name.equals("--version")) {
                throw new InfoRequested(false);
            }
            if (name.equals("-f") || name.equals("--filename") || name.equals("--file")) {
                file = value != null ? value : next(args, ++i, name);
                continue;
            }
            if (uninject) {
                throw new BadInput("unknown argument '" + a + "' (uninject takes -f FILE only; see uninject --help)");
            }
            switch (name) {
                case "--client-id" -> clientId = value != null ? value : next(args, ++i, name);
                case "--tenant-id" -> tenantId = value != null ? value : next(args, ++i, name);
                case "--ingestion-url" -> url = value != null ? value : next(args, ++i, name);
                case "--image" -> image = value != null ? value : next(args, ++i, name);
                case "--native-sidecar" -> nativeSidecar = flag(name, value);
                case "--all" -> all = flag(name, value);
                case "--no-remote-write" -> noRemoteWrite = flag(name, value);
                case "--cloud" -> cloud = value != null ? value : next(args, ++i, name);
                case "--authority-host" -> authorityHost = value != null ? value : next(args, ++i, name);
                default ->
                    throw new BadInput(
                            "unknown argument '" + a + "' (see " + (uninject ? "uninject" : "inject") + " --help)");
            }
        }
        if (file == null) {
            throw new BadInput(
                    "-f FILE (or -f - for stdin) is required (see " + (uninject ? "uninject" : "inject") + " --help)");
        }
        Optional<String> ingestion = blankToEmpty(url);
        ingestion.ifPresent(InjectOptions::checkIngestionUrl);
        Cloud c = cloud(cloud);
        String authority = blankToEmpty(authorityHost)
                .map(InjectOptions::checkAuthorityHost)
                .orElse(c.authorityHost());
        return new InjectOptions(
                uninject,
                file,
                blankToEmpty(clientId),
                blankToEmpty(tenantId),
                ingestion,
                blankToEmpty(image),
                nativeSidecar,
                all,
                noRemoteWrite,
                c,
                authority);
    }

    /** The webhook's CLOUD values; AZURECUSTOM also needs an audience the CLI does not take, so it is not offered. */
    private static Cloud cloud(String value) {
        if (value == null || value.isBlank()) {
            return Cloud.AZUREPUBLIC;
        }
        try {
            Cloud c = Cloud.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            if (c.authorityHost() != null) {
                return c;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadInput("--cloud must be AZUREPUBLIC, AZUREGOVERNMENT or AZURECHINA (got '" + value + "')");
    }

    /** Like the webhook's AZURE_AUTHORITY_HOST: an https URL, kept with its trailing slash as azure-identity expects. */
    private static String checkAuthorityHost(String value) {
        try {
            URI u = new URI(value);
            if ("https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
                return value.endsWith("/") ? value : value + "/";
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new BadInput("--authority-host must be an https URL such as https://login.microsoftonline.us/ (got '"
                + value + "')");
    }

    /** The proxy's start-up rule, so that a URL the proxy would refuse is refused here, before any output. */
    static void checkIngestionUrl(String url) {
        Optional<String> problem;
        try {
            problem = IngestionUrl.problem(new URI(url), false);
        } catch (URISyntaxException e) {
            problem = Optional.of("is not a URL: " + e.getMessage() + "; expected " + IngestionUrl.EXPECTED_SHAPE);
        }
        problem.ifPresent(p -> {
            throw new BadInput("--ingestion-url " + p);
        });
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadInput(name + " takes no value, or =true / =false (got '" + value + "')");
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new BadInput(name + " needs a value");
        }
        return args[i];
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
