package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCoverageTest {

    @TempDir
    Path dir;

    /** Refers to java.sql only through a method signature, java.util.logging through a class constant. */
    static final class Sample {
        Connection connection(java.util.logging.Logger log) {
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
    void findsTypesInClassConstantsAndInDescriptors() throws IOException {
        Set<String> types = ModuleCoverage.referencedTypes(new java.io.ByteArrayInputStream(classBytes(Sample.class)));
        // read off the source above by hand
        assertThat(types).contains("java/sql/Connection", "java/util/logging/Logger", "java/util/logging/Level", "java/lang/Object");
    }

    @Test
    void reportsAModuleTheRuntimeLeavesOutWithAClassThatNeedsIt() throws IOException {
        Path jar = dir.resolve("app.jar");
        Files.write(jar, TestImages.jar(null, Map.of("io/azmonrw/images/ModuleCoverageTest$Sample.class", classBytes(Sample.class))));
        Map<String, String> jdk = ModuleCoverage.jdkPackages();
        Map<String, String> missing = ModuleCoverage.missing(List.of(jar), Set.of("java.base", "java.logging"), jdk);
        assertThat(missing).containsOnlyKeys("java.sql");
        assertThat(missing.get("java.sql")).isEqualTo("app.jar!io/azmonrw/images/ModuleCoverageTest$Sample.class -> java.sql.Connection");
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base", "java.logging", "java.sql"), jdk)).isEmpty();
    }

    @Test
    void ignoresClassesForNewerJavaReleasesInAMultiReleaseJar() throws IOException {
        Path jar = dir.resolve("mr.jar");
        Files.write(jar, TestImages.jar(null, Map.of("META-INF/versions/21/x/Sample.class", classBytes(Sample.class))));
        assertThat(ModuleCoverage.missing(List.of(jar), Set.of("java.base"), ModuleCoverage.jdkPackages())).isEmpty();
    }

    @Test
    void readsTheModulesOfAJlinkReleaseFile() throws IOException {
        Path release = Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"17.0.21.1\"\nMODULES=\"java.base java.logging jdk.unsupported\"\n");
        assertThat(ModuleCoverage.runtimeModules(release)).contains(Set.of("java.base", "java.logging", "jdk.unsupported"));
        assertThat(ModuleCoverage.runtimeModules(dir.resolve("absent"))).isEmpty();
    }
}
