package io.azmonrw.webhook;

/**
 * Recognises the values the examples ship instead of real ones ({@code <your-tenant-id>}, the all-zero GUID), so that
 * a forgotten one stops the webhook or skips a pod with a message instead of reaching a proxy that fails later.
 */
public final class Placeholders {
    private static final String NIL_GUID = "00000000-0000-0000-0000-000000000000";

    private Placeholders() {}

    /** True for a value holding {@code <} or {@code >}, or the all-zero GUID that no Entra tenant or client has. */
    public static boolean is(String value) {
        return value != null
                && (value.contains("<") || value.contains(">") || value.trim().equals(NIL_GUID));
    }
}
