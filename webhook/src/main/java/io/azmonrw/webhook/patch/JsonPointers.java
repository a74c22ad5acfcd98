package io.azmonrw.webhook.patch;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON Pointer escaping: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1} (in that order). */
public final class JsonPointers {
    private JsonPointers() {}

    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    public static String unescape(String token) {
        // ~1 first would turn "~01" into "/": RFC 6901 section 4 says ~1 then ~0
        return token.replace("~1", "/").replace("~0", "~");
    }

    public static String append(String pointer, String token) {
        return pointer + "/" + escape(token);
    }

    /** The unescaped reference tokens of a pointer; the empty pointer has none. */
    public static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer '" + pointer + "' does not start with '/'");
        }
        List<String> out = new ArrayList<>();
        for (String t : pointer.substring(1).split("/", -1)) {
            out.add(unescape(t));
        }
        return out;
    }
}
