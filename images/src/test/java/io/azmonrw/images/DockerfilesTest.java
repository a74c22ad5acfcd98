package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.azmonrw.common.testing.Dockerfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfiles (for docker/podman users) must describe the same image as `make images`: entrypoint, user, flags. */
class DockerfilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void dockerfilesMatchTheOciImages() throws IOException {
        for (App app : App.all(ROOT)) {
            String module = app.name().substring("azmon-rw-".length());
            Dockerfile df = Dockerfile.read(ROOT.resolve("images").resolve(module + ".Dockerfile"));
            JsonNode entrypoint = Json.MAPPER.readTree(df.last("ENTRYPOINT"));
            List<String> argv = new ArrayList<>();
            entrypoint.forEach(a -> argv.add(a.asText()));
            // java from the base's PATH there, /usr/bin/java in ours: the rest must be the same argument for argument
            assertThat(argv).isEqualTo(app.entrypoint("java"));
            assertThat(df.last("USER")).isEqualTo(SystemFiles.USER);
            assertThat(df.all("COPY")).contains("images/" + module + ".flags /app/jvm.flags");
            assertThat(df.all("COPY")).contains(module + "/target/lib/ /app/lib/");
            assertThat(df.instructions()).noneMatch(i -> i.arguments().contains("JAVA_TOOL_OPTIONS"));
            for (Integer port : app.ports()) {
                assertThat(df.last("EXPOSE")).contains(port.toString());
            }
            assertThat(app.flags()).exists();
        }
    }

    @Test
    void dockerignoreLetsThroughWhatTheDockerfilesCopy() throws IOException {
        List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignore)
                .contains(
                        "*",
                        "!images/*.flags",
                        "!proxy/target/lib",
                        "!proxy/target/azmon-rw-proxy.jar",
                        "!webhook/target/lib",
                        "!webhook/target/azmon-rw-webhook.jar");
    }
}
