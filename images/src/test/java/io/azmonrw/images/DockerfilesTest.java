package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfiles (for docker/podman users) must describe the same image as `make images`: entrypoint, user, flags. */
class DockerfilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> lines(String module) throws IOException {
        return Files.readAllLines(ROOT.resolve("images").resolve(module + ".Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String instruction(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1).strip())
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void dockerfilesMatchTheOciImages() throws IOException {
        for (App app : App.all(ROOT)) {
            String module = app.name().substring("azmon-rw-".length());
            List<String> df = lines(module);
            JsonNode entrypoint = Json.MAPPER.readTree(instruction(df, "ENTRYPOINT"));
            List<String> argv = new ArrayList<>();
            entrypoint.forEach(a -> argv.add(a.asText()));
            // java from the base's PATH there, /usr/bin/java in ours: the rest must be the same argument for argument
            assertThat(argv).isEqualTo(app.entrypoint("java"));
            assertThat(instruction(df, "USER")).isEqualTo(SystemFiles.USER);
            assertThat(df).contains("COPY images/" + module + ".flags /app/jvm.flags");
            assertThat(df).contains("COPY " + module + "/target/lib/ /app/lib/");
            assertThat(df).noneMatch(l -> l.contains("JAVA_TOOL_OPTIONS"));
            for (Integer port : app.ports()) {
                assertThat(instruction(df, "EXPOSE")).contains(port.toString());
            }
            assertThat(app.flags()).exists();
        }
    }

    @Test
    void dockerignoreLetsThroughWhatTheDockerfilesCopy() throws IOException {
        List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignore).contains("*", "!images/*.flags", "!proxy/target/lib", "!proxy/target/azmon-rw-proxy.jar",
                "!webhook/target/lib", "!webhook/target/azmon-rw-webhook.jar");
    }
}
