package io.azmonrw.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.webhook.cli.InjectCommandTest.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind inject handles, in both sidecar modes, against golden files read and checked by hand
 * ({@code src/test/resources/cli/golden}); {@code -Dgolden.update=true} rewrites them (then read the diff).
 * The same runs prove idempotence and that uninject gives the input back.
 */
class InjectGoldenTest {
    static final String CLIENT = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String URL =
            "https://dce-1.westeurope-1.ingest.monitor.example/dataCollectionRules/dcr-00000000000000000000000000000000"
                    + "/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24";
    static final String IMAGE = "registry.example/azmon-rw-proxy:1.2.3";
    static final String AUTHORITY = "https://login.example/";
    static final Path IN = Path.of("src/test/resources/cli/in");
    static final Path GOLDEN = Path.of("src/test/resources/cli/golden");

    static Stream<Arguments> inputs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(IN)) {
            for (Path f : files.sorted().toList()) {
                out.add(Arguments.of(f.getFileName().toString(), "container"));
                out.add(Arguments.of(f.getFileName().toString(), "native"));
            }
        }
        return out.stream();
    }

    static Run inject(String input, boolean nativeSidecar) {
        List<String> args = new ArrayList<>(List.of(
                "inject",
                "-f",
                "-",
                "--ingestion-url",
                URL,
                "--image",
                IMAGE,
                // a stand-in authority host: test files name no real Entra address
                "--authority-host",
                AUTHORITY));
        // the files with a ServiceAccount in them take the identity from it
        if (!input.contains("azure.workload.identity/client-id")) {
            args.addAll(List.of("--client-id", CLIENT, "--tenant-id", TENANT));
        }
        if (nativeSidecar) {
            args.add("--native-sidecar");
        }
        return InjectCommandTest.run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args.toArray(String[]::new));
    }

    static Run uninject(String input) {
        return InjectCommandTest.run(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "uninject", "-f", "-");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void injectGivesTheGoldenFileIsIdempotentAndUninjectGivesTheInputBack(String name, String mode) throws IOException {
        String input = Files.readString(IN.resolve(name));
        Run r = inject(input, mode.equals("native"));
        assertThat(r.code()).as(r.err()).isZero();
        Path golden = GOLDEN.resolve(name.replaceFirst("\\.(yaml|json)$", "." + mode + ".$1"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, r.out());
        }
        assertThat(r.out()).isEqualTo(Files.readString(golden));

        Run again = inject(r.out(), mode.equals("native"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).as("inject twice = inject once, byte for byte").isEqualTo(r.out());
        assertThat(again.err()).as("the second run says why it skips").contains("already injected");

        Run back = uninject(r.out());
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(back.err()).isEmpty();
        assertThat(InjectCommandTest.parseAll(back.out()))
                .as("inject | uninject gives the input's content")
                .isEqualTo(InjectCommandTest.parseAll(input));
    }
}
