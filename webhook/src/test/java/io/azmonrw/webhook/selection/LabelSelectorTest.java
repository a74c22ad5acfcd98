package io.azmonrw.webhook.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {
    private static final Map<String, String> PROMETHEUS =
            Map.of("app.kubernetes.io/name", "prometheus", "tier", "mon", "team", "");
    private static final Map<String, String> AGENT = Map.of("app.kubernetes.io/name", "prometheus-agent");
    private static final Map<String, String> NGINX = Map.of("app", "nginx");

    // expected results worked out by hand from the Kubernetes label selector rules
    @ParameterizedTest(name = "[{index}] selector ''{0}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "app.kubernetes.io/name in (prometheus,prometheus-agent)   | true  | true  | false",
                "app.kubernetes.io/name in ( prometheus , prometheus-agent ) | true | true  | false",
                "app.kubernetes.io/name notin (prometheus)                 | false | true  | true",
                "app.kubernetes.io/name=prometheus                         | true  | false | false",
                "app.kubernetes.io/name==prometheus-agent                  | false | true  | false",
                "app.kubernetes.io/name!=prometheus                        | false | true  | true",
                "app.kubernetes.io/name                                    | true  | true  | false",
                "!app.kubernetes.io/name                                   | false | false | true",
                "app.kubernetes.io/name,tier=mon                           | true  | false | false",
                "app.kubernetes.io/name in (prometheus),!tier              | false | false | false",
                "team=                                                     | true  | false | false",
                "''                                                        | true  | true  | true"
            })
    void matchesAsKubernetesDoes(String selector, boolean prometheus, boolean agent, boolean nginx) {
        LabelSelector s = LabelSelector.parse(selector);
        assertThat(s.matches(PROMETHEUS)).isEqualTo(prometheus);
        assertThat(s.matches(AGENT)).isEqualTo(agent);
        assertThat(s.matches(NGINX)).isEqualTo(nginx);
        assertThat(s.matches(null)).isEqualTo(s.matches(Map.of()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a in (b",
                "a in b)",
                "a inn (b)",
                "a b",
                "a=b,,c",
                "-a=b",
                "a=b c",
                "Exa_mple.com/x=y",
                "a=" + "v123456789012345678901234567890123456789012345678901234567890abcd",
                "/a=b",
                "a in (b),"
            })
    void rejectsMalformedSelectorsWithTheBadPart(String selector) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'")
                .hasMessageNotContaining("\n");
    }
}
