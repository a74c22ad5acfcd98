package io.azmonrw.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the webhook's offline {@code inject} on a pod and writes {@code before.yaml} / {@code after.yaml},
 * both printed by the same YAML writer so that a diff shows only what the injection changed. Run with the
 * webhook jar and its lib/ on the classpath; the webhook is called reflectively so e2e does not compile
 * against it. Arguments: input file, output dir, then extra inject options.
 */
public final class InjectDiff {
    private static final String COMMAND = "io.azmonrw.webhook.cli.InjectCommand";

    private InjectDiff() {}

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        YAMLMapper yaml = YAMLMapper.builder(YAMLFactory.builder()
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .build())
                .disable(SerializationFeature.INDENT_OUTPUT)
                .build();
        JsonNode before = yaml.readTree(input.toFile());
        Files.writeString(out.resolve("before.yaml"), yaml.writeValueAsString(before), StandardCharsets.UTF_8);

        List<String> injectArgs = new ArrayList<>(List.of("-f", input.toString()));
        for (int i = 2; i < args.length; i++) {
            injectArgs.add(args[i]);
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code;
        try (PrintStream ps = new PrintStream(stdout, true, StandardCharsets.UTF_8)) {
            // InjectCommand.run(uninject, arguments after the subcommand's name, in, out, err), as the webhook's Main
            // calls it
            Method run = Class.forName(COMMAND)
                    .getMethod(
                            "run",
                            boolean.class,
                            String[].class,
                            InputStream.class,
                            PrintStream.class,
                            PrintStream.class);
            code = (Integer) run.invoke(null, false, injectArgs.toArray(new String[0]), System.in, ps, System.err);
        }
        if (code != 0) {
            System.err.println("inject exited with " + code);
            System.exit(code);
        }
        JsonNode after = yaml.readTree(stdout.toByteArray());
        Files.writeString(out.resolve("after.yaml"), yaml.writeValueAsString(after), StandardCharsets.UTF_8);
    }
}
