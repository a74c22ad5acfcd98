package io.azmonrw.common.logging;

/** Collapses a message to one bounded line for logs, error bodies and CLI errors, whatever a library put in it. */
public final class OneLine {
    /** Longest line kept by {@link #of(String)}; longer text is cut and ends in {@code ...}. */
    public static final int MAX_CHARS = 300;

    private OneLine() {}

    /** {@code s} with every run of white space (line breaks included) folded to one space, trimmed, at most {@link #MAX_CHARS}; "" for null. */
    public static String of(String s) {
        return of(s, MAX_CHARS);
    }

    /** As {@link #of(String)}, cut at {@code maxChars} (for a place with a tighter limit, such as an admission warning). */
    public static String of(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > maxChars ? flat.substring(0, maxChars) + "..." : flat;
    }

    /** The exception's message as one line, or its simple class name when it has no message. */
    public static String of(Throwable e) {
        return of(e, MAX_CHARS);
    }

    /** As {@link #of(Throwable)}, cut at {@code maxChars}. */
    public static String of(Throwable e, int maxChars) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : of(m, maxChars);
    }
}
