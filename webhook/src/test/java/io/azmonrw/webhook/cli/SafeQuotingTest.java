package io.azmonrw.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.webhook.TestPods;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.yaml.snakeyaml.Yaml;

/** Strings in a re-serialised document read back as the same strings, by a YAML 1.1 and a YAML 1.2 reader. */
class SafeQuotingTest {
    @Test
    void stringsThatLookLikeOtherTypesStayStrings() throws Exception {
        List<String> values = List.of(
                "on",
                "Off",
                "yes",
                "N",
                "y",
                "true",
                "NULL",
                "~",
                "1e3",
                "-1.5E-3",
                "0x1F",
                "0o17",
                "0755",
                "08",
                "1_000",
                ".inf",
                "-.Inf",
                ".NaN",
                "190:20:30",
                "2001-12-14",
                "2001-12-14t21:59:43.10-05:00",
                "0b101",
                "12",
                "1.0",
                "plain",
                "app.kubernetes.io/name",
                "",
                " lead",
                "a: b",
                "#x",
                "- x",
                "*alias",
                "&anchor",
                "!tag",
                "%dir",
                "@at",
                "`tick");
        ObjectNode doc = TestPods.JSON.createObjectNode();
        values.forEach(v -> doc.put("k" + doc.size(), v));
        values.forEach(v -> doc.put(v.isEmpty() ? "empty" : v, "key"));
        String yaml = Documents.YAML.writeValueAsString(doc);
        // YAML 1.1, as go-yaml (kubectl) reads it
        Map<?, ?> yaml11 = new Yaml().load(yaml);
        // YAML 1.2
        Map<?, ?> yaml12 = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        for (int i = 0; i < values.size(); i++) {
            assertThat(yaml11.get("k" + i)).as(values.get(i) + " in\n" + yaml).isEqualTo(values.get(i));
            assertThat(yaml12.get("k" + i)).as(values.get(i)).isEqualTo(values.get(i));
        }
        for (String v : values) {
            assertThat(yaml11.get(v.isEmpty() ? "empty" : v)).as("key " + v).isEqualTo("key");
        }
    }
}
