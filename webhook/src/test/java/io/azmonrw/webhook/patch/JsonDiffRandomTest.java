package io.azmonrw.webhook.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random trees and random edits: zjsonpatch applying our diff must rebuild the target (seeded, so a failure repeats). */
class JsonDiffRandomTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    // keys with '/' and '~' exercise RFC 6901 escaping; no literal "~1" (see JsonDiffTest for zjsonpatch's bug there)
    private static final String[] KEYS = {"a", "b", "c/d", "e~f", "app.kubernetes.io/name", "", "x y"};

    @Test
    void zjsonpatchRebuildsTheTargetFromOurDiff() {
        Random rnd = new Random(20261130L);
        for (int i = 0; i < 2000; i++) {
            JsonNode source = tree(rnd, 0);
            JsonNode target = edit(rnd, source.deepCopy(), 0);
            ArrayNode patch = JsonDiff.diff(source, target);
            assertThat(JsonPatch.apply(patch, source))
                    .as("case %d: %s -> %s via %s", i, source, target, patch)
                    .isEqualTo(target);
            assertThat(JsonPatchApplier.apply(patch, source)).isEqualTo(target);
            assertThat(JsonDiff.diff(target, target)).isEmpty();
        }
    }

    private static JsonNode tree(Random rnd, int depth) {
        int kind = depth >= 3 ? rnd.nextInt(3) : rnd.nextInt(5);
        switch (kind) {
            case 0:
                return F.textNode(KEYS[rnd.nextInt(KEYS.length)]);
            case 1:
                return F.numberNode(rnd.nextInt(5));
            case 2:
                return rnd.nextBoolean() ? F.booleanNode(rnd.nextBoolean()) : F.nullNode();
            case 3: {
                ObjectNode o = F.objectNode();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(KEYS[rnd.nextInt(KEYS.length)], tree(rnd, depth + 1));
                }
                return o;
            }
            default: {
                ArrayNode a = F.arrayNode();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(tree(rnd, depth + 1));
                }
                return a;
            }
        }
    }

    private static JsonNode edit(Random rnd, JsonNode node, int depth) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                switch (rnd.nextInt(4)) {
                    case 0 -> o.remove(name);
                    case 1 -> o.set(name, edit(rnd, o.get(name), depth + 1));
                    default -> {}
                }
            }
            if (rnd.nextInt(3) == 0) {
                o.set(KEYS[rnd.nextInt(KEYS.length)], tree(rnd, depth + 1));
            }
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (rnd.nextInt(3) == 0) {
                    a.set(i, edit(rnd, a.get(i), depth + 1));
                }
            }
            int r = rnd.nextInt(4);
            if (r == 0) {
                a.add(tree(rnd, depth + 1));
            } else if (r == 1 && !a.isEmpty()) {
                a.remove(a.size() - 1);
            }
            return a;
        }
        return rnd.nextInt(3) == 0 ? tree(rnd, depth) : node;
    }
}
