package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.webhook.cli.Workloads.Target;
import io.azmonrw.webhook.patch.JsonPointers;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code inject} added to one target, kept as the {@code added} field of the status annotation so that
 * {@code uninject} removes exactly that: JSON Pointers into the target, where a list element is named by its
 * {@code name} ({@code /spec/volumes/name=azmon-rw-tmp}) or, for remoteWrite, its {@code url}, never by an index
 * that a later edit could shift.
 */
final class InjectionRecord {
    static final String FIELD = "added";
    static final String REPLACED = "replaced";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIST_ELEMENT =
            Pattern.compile("^(.*/(?:containers|initContainers|volumes|remoteWrite))/(?:\\d+|-)$");

    private InjectionRecord() {}

    /**
     * The record of {@code patch} on {@code before} (the target not yet patched): the added paths, and the old
     * value of each replaced one (a label the webhook sets to another value than the template had).
     */
    static ObjectNode of(ObjectNode before, ArrayNode patch) {
        ObjectNode record = JSON.createObjectNode();
        ArrayNode added = record.putArray(FIELD);
        for (JsonNode op : patch) {
            String path = op.path("path").asText();
            if (op.path("op").asText().equals("replace")) {
                JsonNode old = before.at(path);
                if (!old.isMissingNode()) {
                    (record.get(REPLACED) instanceof ObjectNode r ? r : record.putObject(REPLACED))
                            .set(path, old.deepCopy());
                }
                continue;
            }
            if (!op.path("op").asText().equals("add")) {
                continue;
            }
            Matcher m = LIST_ELEMENT.matcher(path);
            if (m.matches()) {
                JsonNode v = op.path("value");
                String key = v.has("name")
                        ? "name=" + v.path("name").asText()
                        : "url=" + v.path("url").asText();
                path = m.group(1) + "/" + JsonPointers.escape(key);
            }
            added.add(path);
        }
        return record;
    }

    /** Adds {@code record} to the status annotation of {@code t}, already injected. */
    static void write(Target t, ObjectNode record) {
        ObjectNode annotations =
                annotations(t).orElseThrow(() -> new IllegalStateException("no status annotation after injection"));
        ObjectNode status = parse(annotations.path(Keys.STATUS).asText())
                .orElseThrow(() -> new IllegalStateException("status annotation is not JSON"));
        status.setAll(record);
        try {
            annotations.put(Keys.STATUS, JSON.writeValueAsString(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status annotation", e);
        }
    }

    /** The pod annotations of {@code t}, when it has any. */
    static Optional<ObjectNode> annotations(Target t) {
        JsonNode meta = t.root();
        for (String token : JsonPointers.tokens(t.metadataPointer())) {
            meta = meta.path(token);
        }
        return meta.get("annotations") instanceof ObjectNode a ? Optional.of(a) : Optional.empty();
    }

    static Optional<ObjectNode> parse(String json) {
        try {
            return JSON.readTree(json) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Puts {@code value} back at {@code path} (a replaced map entry) when its parent is still there. */
    static void restore(ObjectNode root, String path, JsonNode value) {
        List<String> tokens = JsonPointers.tokens(path);
        JsonNode parent = root;
        for (String t : tokens.subList(0, tokens.size() - 1)) {
            parent = parent.path(t);
        }
        if (parent instanceof ObjectNode o && !tokens.isEmpty()) {
            o.set(tokens.get(tokens.size() - 1), value.deepCopy());
        }
    }

    /** Removes what {@code path} (a recorded pointer) names from {@code root}; false when it is not there any more. */
    static boolean remove(ObjectNode root, String path) {
        List<String> tokens = JsonPointers.tokens(path);
        if (tokens.isEmpty()) {
            return false;
        }
        JsonNode parent = root;
        for (String t : tokens.subList(0, tokens.size() - 1)) {
            parent = parent.path(t);
        }
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            return o.remove(last) != null;
        }
        if (parent instanceof ArrayNode a) {
            int eq = last.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String field = last.substring(0, eq);
            String value = last.substring(eq + 1);
            for (int i = 0; i < a.size(); i++) {
                if (value.equals(a.get(i).path(field).asText(null))) {
                    a.remove(i);
                    return true;
                }
            }
        }
        return false;
    }
}
