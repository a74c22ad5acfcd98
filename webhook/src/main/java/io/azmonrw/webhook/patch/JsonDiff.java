package io.azmonrw.webhook.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * Computes an RFC 6902 JSON Patch turning one tree into another: object members are added, removed or recursed into,
 * arrays are compared index by index with additions at the end (our mutations only append), anything else is replaced.
 * The patch is minimal for appends and member changes, which is all the webhook produces.
 */
public final class JsonDiff {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonDiff() {}

    /** The operations turning {@code source} into {@code target}; empty when they are equal. */
    public static ArrayNode diff(JsonNode source, JsonNode target) {
        ArrayNode ops = F.arrayNode();
        diff("", source, target, ops);
        return ops;
    }

    private static void diff(String path, JsonNode a, JsonNode b, ArrayNode ops) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!b.has(name)) {
                    ops.add(op("remove", JsonPointers.append(path, name), null));
                }
            }
            Iterator<String> targetNames = b.fieldNames();
            while (targetNames.hasNext()) {
                String name = targetNames.next();
                String child = JsonPointers.append(path, name);
                if (!a.has(name)) {
                    ops.add(op("add", child, b.get(name)));
                } else {
                    diff(child, a.get(name), b.get(name), ops);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, a.get(i), b.get(i), ops);
            }
            for (int i = common; i < b.size(); i++) {
                ops.add(op("add", path + "/" + i, b.get(i)));
            }
            // remove from the end so that earlier indices stay valid while the patch applies
            for (int i = a.size() - 1; i >= common; i--) {
                ops.add(op("remove", path + "/" + i, null));
            }
            return;
        }
        ops.add(op("replace", path, b));
    }

    private static ObjectNode op(String name, String path, JsonNode value) {
        ObjectNode o = F.objectNode();
        o.put("op", name);
        o.put("path", path);
        if (value != null) {
            o.set("value", value.deepCopy());
        }
        return o;
    }
}
