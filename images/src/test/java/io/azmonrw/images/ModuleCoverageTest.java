package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCoverageTest {

    @TempDir
    Path dir;

    /** Refers to java.net.http only through a method signature, java.util.logging through a class constant. */
    static final class Sample {
        HttpClient client(java.util.logging.Logger log) {
            log.info(java.util.logging.Level.FINE.getName());
            return null;
        }
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void reportsAModuleTheRuntimeLeavesOut() throws IOException {
        Path jar = dir.resolve("app.jar");
        Files.write(
                jar,
                TestImages.jar(
                        null, Map.of("io/azmonrw/images/ModuleCoverageTest$Sample.class", classBytes(Sample.class))));
        // read off the source above by hand
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base", "java.logging"), 17))
                .containsExactly("java.net.http");
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base"), 17))
                .containsExactly("java.logging", "java.net.http");
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base", "java.logging", "java.net.http"), 17))
                .isEmpty();
    }

    /** jackson-databind is a modular jar whose module needs jackson-annotations, absent here: only the class path sees it. */
    @Test
    void aModularDependencyWhoseRequiredModulesAreAbsentIsReadOnTheClassPath() throws Exception {
        Path jar = dir.resolve("app.jar");
        Files.write(
                jar,
                TestImages.jar(
                        null, Map.of("io/azmonrw/images/ModuleCoverageTest$Sample.class", classBytes(Sample.class))));
        Path databind = Path.of(com.fasterxml.jackson.databind.ObjectMapper.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(ModuleCoverage.missing(List.of(jar, databind), Set.of("java.base", "java.logging"), 17))
                .containsExactly("java.net.http");
    }

    @Test
    void ignoresClassesForNewerJavaReleasesInAMultiReleaseJar() throws IOException {
        Path jar = dir.resolve("mr.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("META-INF/versions/21/io/azmonrw/images/ModuleCoverageTest$Sample.class"));
            out.write(classBytes(Sample.class));
        }
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base"), 17))
                .isEmpty();
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base"), 21))
                .containsExactly("java.logging", "java.net.http");
    }

    @Test
    void readsTheModulesAndReleaseOfAJlinkReleaseFile() throws IOException {
        Path release = Files.writeString(
                dir.resolve("release"),
                "JAVA_VERSION=\"17.0.21.1\"\nMODULES=\"java.base java.logging jdk.unsupported\"\n");
        assertThat(ModuleCoverage.runtimeModules(release))
                .contains(Set.of("java.base", "java.logging", "jdk.unsupported"));
        assertThat(ModuleCoverage.release(release)).isEqualTo(17);
        assertThat(ModuleCoverage.runtimeModules(dir.resolve("absent"))).isEmpty();
    }
}
