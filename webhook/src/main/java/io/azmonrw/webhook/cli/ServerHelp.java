package io.azmonrw.webhook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The webhook jar's {@code --help}: how to run the server, its env vars, and the subcommands. */
public final class ServerHelp {
    private ServerHelp() {}

    public static String text(String version, Map<String, ? extends Map.Entry<String, ?>> subcommands) {
        StringBuilder s = new StringBuilder();
        s.append("azmon-rw-webhook ").append(version).append("\n\n");
        s.append(
                "usage: java -jar azmon-rw-webhook.jar                 run the mutating admission webhook (configured by env vars)\n");
        s.append(
                "       java -jar azmon-rw-webhook.jar SUBCOMMAND ...   run an offline subcommand (SUBCOMMAND --help for its flags)\n");
        s.append("       java -jar azmon-rw-webhook.jar --help | --version\n\nsubcommands:\n");
        subcommands.forEach((name, e) -> s.append(String.format("  %-10s %s%n", name, e.getKey())));
        s.append(
                "\nserver environment variables (a blank value counts as unset; all problems are reported in one start-up error):\n");
        s.append(resource("/io/azmonrw/webhook/env-help.txt"));
        return s.toString();
    }

    static String resource(String path) {
        try (InputStream in = ServerHelp.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
