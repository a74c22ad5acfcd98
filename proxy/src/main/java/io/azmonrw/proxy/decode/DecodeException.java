package io.azmonrw.proxy.decode;

/**
 * A remote-write body that cannot be accepted, with a one-line reason; {@link #kind()} selects the status:
 * 400 (bad body), 413 ({@link #tooLarge()}), 415 (the other remote-write version's body) or 503 (no decode memory free now).
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the body is refused. */
    public enum Kind {
        /** Not a valid body: 400. */
        BAD,
        /** Decodes to more than MAX_DECODED_BYTES: 413. */
        TOO_LARGE,
        /** A body of the other remote-write version than its Content-Type says: 415. */
        WRONG_VERSION,
        /** The decoded-bytes budget is used up by other decodes right now: 503, retry later. */
        BUSY
    }

    private final Kind kind;

    public DecodeException(String reason) {
        this(reason, Kind.BAD);
    }

    public DecodeException(String reason, boolean tooLarge) {
        this(reason, tooLarge ? Kind.TOO_LARGE : Kind.BAD);
    }

    public DecodeException(String reason, Kind kind) {
        // no cause and no stack trace: these are expected, frequent under attack, and logged as one line
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** True when the decoded size exceeds the cap (the caller answers 413). */
    public boolean tooLarge() {
        return kind == Kind.TOO_LARGE;
    }

    public Kind kind() {
        return kind;
    }
}
