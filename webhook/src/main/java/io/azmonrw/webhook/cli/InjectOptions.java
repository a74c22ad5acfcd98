package io.azmonrw.webhook.cli;

import java.util.Optional;

/** The parsed command line of {@code inject}. */
record InjectOptions(String file, Optional<String> clientId, Optional<String> tenantId, Optional<String> ingestionUrl,
                     Optional<String> image, boolean nativeSidecar) {

    static final String USAGE = "usage: inject -f FILE|- [--client-id ID] [--tenant-id ID] [--ingestion-url URL] [--image IMG] [--native-sidecar]";

    /** @throws IllegalArgumentException with a one-line reason */
    static InjectOptions parse(String[] args) {
        String file = null;
        String clientId = null;
        String tenantId = null;
        String url = null;
        String image = null;
        boolean nativeSidecar = false;
        int i = args.length > 0 && args[0].equals("inject") ? 1 : 0;
        for (; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "-f", "--filename", "--file" -> file = value != null ? value : next(args, ++i, name);
                case "--client-id" -> clientId = value != null ? value : next(args, ++i, name);
                case "--tenant-id" -> tenantId = value != null ? value : next(args, ++i, name);
                case "--ingestion-url" -> url = value != null ? value : next(args, ++i, name);
                case "--image" -> image = value != null ? value : next(args, ++i, name);
                case "--native-sidecar" -> nativeSidecar = value == null || Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("-f FILE (or -f - for stdin) is required");
        }
        return new InjectOptions(file, blankToEmpty(clientId), blankToEmpty(tenantId), blankToEmpty(url), blankToEmpty(image), nativeSidecar);
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
