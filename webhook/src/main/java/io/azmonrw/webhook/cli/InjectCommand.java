package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.webhook.cli.Workloads.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline {@code inject} and {@code uninject} commands (like {@code istioctl kube-inject}): read YAML or JSON
 * documents, change the pod templates and prometheus-operator resources with the webhook's own selection, mutation
 * and patch code, and print every other document as it was read. Any error: exit 2, one line, nothing on stdout.
 */
public final class InjectCommand {
    public static final int OK = 0;
    public static final int BAD_INPUT = 2;
    /** Far above any manifest set (a rendered kube-prometheus-stack is about 1 MiB), so the whole input fits in memory. */
    static final int MAX_INPUT_BYTES = 64 << 20;

    private InjectCommand() {}

    /**
     * Runs {@code inject} or {@code uninject}.
     *
     * @param args the arguments after the subcommand name
     */
    public static int run(boolean uninject, String[] args, InputStream in, PrintStream out, PrintStream err) {
        String name = uninject ? "uninject" : "inject";
        // warnings are held back so that an error leaves exactly one line on stderr
        List<String> notes = new ArrayList<>();
        String output;
        try {
            InjectOptions options = InjectOptions.parse(uninject, args);
            Documents docs = Documents.parse(read(options.file(), in), options.file());
            output = transform(options, docs, notes);
        } catch (InjectOptions.InfoRequested info) {
            out.print(
                    info.help
                            ? (uninject ? CliText.UNINJECT_HELP : CliText.INJECT_HELP)
                            : "azmon-rw-webhook " + name + " " + BuildInfo.version(InjectCommand.class) + "\n");
            out.flush();
            return OK;
        } catch (BadInput e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        notes.forEach(err::println);
        out.print(output);
        out.flush();
        return OK;
    }

    private static String transform(InjectOptions options, Documents docs, List<String> notes) {
        List<JsonNode> trees = docs.docs().stream().map(d -> d.tree).toList();
        Injector injector = options.uninject() ? null : new Injector(options, new ServiceAccounts(trees), notes::add);
        Uninjector uninjector = options.uninject() ? new Uninjector(notes::add) : null;
        int n = 0;
        for (Documents.Doc d : docs.docs()) {
            n++;
            String label = "document " + n + Workloads.describe(d.tree);
            if (!(d.tree instanceof ObjectNode o)) {
                throw new BadInput("document " + n + ": not a Kubernetes object");
            }
            ObjectNode copy = o.deepCopy();
            boolean changed = false;
            for (Target t : Workloads.targets(copy, label, notes::add)) {
                changed |= options.uninject() ? uninjector.uninject(t) : injector.inject(t);
            }
            if (changed && d.aliases) {
                throw new BadInput(label
                        + ": uses YAML aliases (*name), which cannot be re-serialised faithfully; expand them first"
                        + " (for example yq 'explode(.)')");
            }
            if (changed) {
                d.replacement = copy;
            }
        }
        return docs.render();
    }

    private static String read(String file, InputStream stdin) {
        try {
            byte[] bytes;
            try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
                bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
            }
            if (bytes.length > MAX_INPUT_BYTES) {
                throw new BadInput(file + " is larger than " + (MAX_INPUT_BYTES >> 20) + " MiB; split it");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new BadInput("cannot read " + file + ": " + OneLine.of(e));
        }
    }
}
