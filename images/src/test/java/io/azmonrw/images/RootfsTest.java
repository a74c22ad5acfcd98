package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTest {

    @TempDir
    Path dir;

    @Test
    void appliesLayersInOrderWithWhiteoutsAndResolvesLinksInsideTheImage() throws Exception {
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        LayerWriter w = new LayerWriter(0);
        Layer lower = w.write(
                layout,
                "lower",
                LayerEntry.write(
                        List.of(
                                LayerEntry.file("etc/old.conf", 0644, "old".getBytes()),
                                LayerEntry.file("opt/keep/a", 0644, "a".getBytes()),
                                LayerEntry.file("opt/gone/b", 0644, "b".getBytes()),
                                LayerEntry.file("usr/lib/x86_64-linux-gnu/libz.so.1.2", 0644, "z".getBytes()),
                                LayerEntry.symlink("usr/lib/x86_64-linux-gnu/libz.so.1", "libz.so.1.2"),
                                LayerEntry.symlink("lib", "usr/lib"),
                                LayerEntry.symlink("loop/a", "/loop/b"),
                                LayerEntry.symlink("loop/b", "/loop/a")),
                        dir.resolve("lower")),
                List.of());
        Layer upper = w.write(
                layout,
                "upper",
                LayerEntry.write(
                        List.of(
                                LayerEntry.file("etc/.wh.old.conf", 0644, new byte[0]),
                                LayerEntry.file("opt/gone/.wh..wh..opq", 0644, new byte[0]),
                                LayerEntry.file("opt/keep/a", 0600, "A".getBytes())),
                        dir.resolve("upper")),
                List.of());
        Map<String, Path> layers = new LinkedHashMap<>();
        layers.put("lower", layout.blob(lower.descriptor().digest()));
        layers.put("upper", layout.blob(upper.descriptor().digest()));
        Rootfs fs = Rootfs.unpack(layers, dir.resolve("root"));

        assertThat(fs.entries())
                .doesNotContainKey("etc/old.conf")
                .doesNotContainKey("opt/gone/b")
                .containsKey("opt/gone");
        assertThat(Files.exists(dir.resolve("root/etc/old.conf"))).isFalse();
        assertThat(Files.readString(dir.resolve("root/opt/keep/a"))).isEqualTo("A");
        assertThat(fs.entries().get("opt/keep/a").mode()).isEqualTo(0600);
        assertThat(fs.entries().get("opt/keep/a").layer()).isEqualTo("upper");
        assertThat(fs.resolve("/lib/x86_64-linux-gnu/libz.so.1")).contains("usr/lib/x86_64-linux-gnu/libz.so.1.2");
        assertThat(fs.resolve("/usr/lib/../lib/x86_64-linux-gnu/libz.so.1"))
                .contains("usr/lib/x86_64-linux-gnu/libz.so.1.2");
        assertThat(fs.resolve("/loop/a")).isEmpty();
        assertThat(fs.resolve("/nowhere/x")).isEmpty();
    }

    @Test
    void refusesEntryPathsThatLeaveTheRoot() {
        assertThat(Rootfs.normalize("./usr/bin/java/")).isEqualTo("usr/bin/java");
        assertThatThrownBy(() -> Rootfs.normalize("usr/../../etc")).hasMessageContaining("not a plain relative path");
        assertThatThrownBy(() -> Rootfs.normalize("/")).hasMessageContaining("needs a path below the root");
    }
}
