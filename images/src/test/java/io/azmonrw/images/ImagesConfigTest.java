package io.azmonrw.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.azmonrw.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagesConfigTest {

    @Test
    void defaultsToBothPlatformsOnTheDebianBase() {
        ImagesConfig c = ImagesConfig.from(Map.of());
        assertThat(c.platforms()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
        assertThat(c.debianBase()).isTrue();
        assertThat(c.cds()).isEqualTo(Cds.Mode.AUTO);
        assertThat(c.tag()).isEqualTo("0.1.0");
    }

    @Test
    void reportsEveryProblemInOneMessage() {
        assertThatThrownBy(() -> ImagesConfig.from(Map.of(
                        "IMAGE_PLATFORMS",
                        "linux/amd64,windows/amd64",
                        "IMAGE_TAG",
                        "bad tag",
                        "IMAGE_CDS",
                        "sometimes",
                        "SOURCE_DATE_EPOCH",
                        "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IMAGE_PLATFORMS: unsupported platform 'windows/amd64'")
                .hasMessageContaining("IMAGE_TAG: 'bad tag' is not a valid image tag")
                .hasMessageContaining("IMAGE_CDS")
                .hasMessageContaining("SOURCE_DATE_EPOCH");
    }
}
