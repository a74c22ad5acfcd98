package io.azmonrw.webhook.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies the add/remove/replace operations of an RFC 6902 patch to a copy of a tree; used by the offline CLI to
 * inject into pod templates while leaving the rest of the parsed document as it was.
 */
public final class JsonPatchApplier {
    private JsonPatchApplier() {}

    /** @throws IllegalArgumentException when an operation does not apply */
    public static JsonNode apply(ArrayNode patch, JsonNode document) {
        JsonNode root = document.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            List<String> tokens = JsonPointers.tokens(path);
            if (tokens.isEmpty()) {
                if (kind.equals("remove")) {
                    throw new IllegalArgumentException("cannot remove the whole document");
                }
                root = op.get("value").deepCopy();
                continue;
            }
            JsonNode parent = root;
            for (String t : tokens.subList(0, tokens.size() - 1)) {
                parent = child(parent, t, path);
            }
            String last = tokens.get(tokens.size() - 1);
            JsonNode value = op.has("value") ? op.get("value").deepCopy() : null;
            switch (kind) {
                case "add" -> add(parent, last, value, path);
                case "replace" -> {
                    remove(parent, last, path);
                    add(parent, last, value, path);
                }
                case "remove" -> remove(parent, last, path);
                default -> throw new IllegalArgumentException("unsupported patch operation '" + kind + "'");
            }
        }
        return root;
    }

    private static JsonNode child(JsonNode parent, String token, String path) {
        JsonNode next = parent.isArray() ? parent.get(index(token, parent.size() - 1, path)) : parent.get(token);
        if (next == null || !next.isContainerNode()) {
            throw new IllegalArgumentException("path " + path + " does not exist");
        }
        return next;
    }

    private static void add(JsonNode parent, String token, JsonNode value, String path) {
        if (parent instanceof ObjectNode o) {
            o.set(token, value);
        } else if (parent instanceof ArrayNode a) {
            if (token.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(token, a.size(), path), value);
            }
        } else {
            throw new IllegalArgumentException("path " + path + " has no container");
        }
    }

    private static void remove(JsonNode parent, String token, String path) {
        if (parent instanceof ObjectNode o) {
            if (o.remove(token) == null) {
                throw new IllegalArgumentException("path " + path + " does not exist");
            }
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(token, a.size() - 1, path));
        } else {
            throw new IllegalArgumentException("path " + path + " has no container");
        }
    }

    private static int index(String token, int max, String path) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw new IllegalArgumentException("index in " + path + " is out of bounds");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("path " + path + " has a bad array index", e);
        }
    }
}
