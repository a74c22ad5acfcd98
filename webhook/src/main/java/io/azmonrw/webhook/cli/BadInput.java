package io.azmonrw.webhook.cli;

/** A one-line input or usage problem of the offline commands: exit 2, nothing on stdout. */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(message, null, false, false);
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
