package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.azmonrw.common.Contract;
import io.azmonrw.common.testing.Dockerfile;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Dockerfiles, read as text (no engine here): non-root, exec-form entrypoint, thin-jar layout, container-aware JVM. */
class DockerfilesTest {
    @ParameterizedTest
    @CsvSource({"proxy, 8081, MaxRAMPercentage=30", "webhook, 8443 9440, MaxRAMPercentage=70"})
    void imageRunsTheThinJarAsNonRootWithAContainerAwareJvm(String module, String ports, String heapFlag)
            throws Exception {
        Path root = ManifestsTest.ROOT;
        Dockerfile ins = Dockerfile.read(root.resolve("images/" + module + ".Dockerfile"));

        assertThat(ins.all("ARG")).contains("BASE_IMAGE=eclipse-temurin:17-jre");
        assertThat(ins.all("FROM")).containsExactly("${BASE_IMAGE}");
        assertThat(ins.all("USER")).containsExactly("65532:65532");

        // the jar named by the module's finalName, next to lib/ as its manifest Class-Path expects
        String pom = ManifestFiles.read(root.resolve(module + "/pom.xml"));
        String jar = "azmon-rw-" + module + ".jar";
        assertThat(pom)
                .contains("<finalName>azmon-rw-" + module + "</finalName>")
                .contains("<classpathPrefix>lib/</classpathPrefix>");
        assertThat(ins.all("COPY"))
                .containsExactly(
                        module + "/target/lib/ /app/lib/",
                        module + "/target/" + jar + " /app/" + jar,
                        "images/" + module + ".flags /app/jvm.flags");

        // exec form, so the JVM is PID 1 and gets SIGTERM (graceful shutdown), and no shell is needed in the image
        List<String> entrypoint = ins.all("ENTRYPOINT");
        assertThat(entrypoint).hasSize(1);
        assertThat(new ObjectMapper().readValue(entrypoint.get(0), String[].class))
                .containsExactly("java", "-XX:Flags=/app/jvm.flags", "-jar", "/app/" + jar);

        // JVM defaults in the flags file (JAVA_TOOL_OPTIONS on a container overrides them one by one): heap from the
        // container limit, never a fixed -Xmx; the image sets no JAVA_TOOL_OPTIONS of its own
        List<String> flags = ManifestFiles.read(root.resolve("images/" + module + ".flags"))
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(flags)
                .contains(heapFlag, "+UseSerialGC", "+ExitOnOutOfMemoryError")
                .noneMatch(f -> f.startsWith("MaxHeapSize"));
        assertThat(ins.all("ENV")).noneMatch(e -> e.contains("JAVA_TOOL_OPTIONS"));
        // as in the images `make images` builds (images/src/.../BaseImage.java): two glibc malloc arenas
        assertThat(ins.all("ENV")).contains("MALLOC_ARENA_MAX=2");
        // the JVM's default java.io.tmpdir is /tmp: the one writable path of the pods (an emptyDir)
        assertThat(Contract.Injection.TMP_MOUNT_PATH).isEqualTo("/tmp");
        assertThat(ins.all("EXPOSE")).containsExactly(ports);
    }

    @ParameterizedTest
    @CsvSource({"manifests/base/deployment.yaml", "manifests/examples/standalone-proxy.yaml"})
    void manifestsRunAsTheImagesUser(String file) {
        Deployment d = ManifestFiles.ofKind(ManifestFiles.objects(ManifestsTest.ROOT.resolve(file)), Deployment.class)
                .get(0);
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(65532L);
    }
}
