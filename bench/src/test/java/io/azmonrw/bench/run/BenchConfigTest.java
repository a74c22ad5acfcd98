package io.azmonrw.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

    private static final Path VALUES = Path.of("src/test/resources/chart-values.yaml");

    @Test
    void webhookMemoryLimitIsTheChartsTopLevelLimitNotTheProxys() {
        assertThat(BenchConfig.webhookMemoryLimit(VALUES)).isEqualTo("1Gi");
        assertThat(BenchConfig.from(Map.of(), VALUES).webhookMaxRam()).isEqualTo("-XX:MaxRAM=1024m");
    }

    @Test
    void aChartWithoutTheWebhookLimitIsRefusedWithItsName() {
        assertThatThrownBy(
                        () -> BenchConfig.webhookMemoryLimit(Path.of("src/test/resources/chart-values-no-limit.yaml")))
                .hasMessageContaining("resources.limits.memory");
    }

    @Test
    void theRealChartNamesAWebhookLimitThatParses() {
        Path chart = Path.of("..").resolve(BenchConfig.CHART_VALUES);
        assertThat(BenchConfig.from(Map.of(), chart).webhookMemoryLimitMib()).isPositive();
    }
}
