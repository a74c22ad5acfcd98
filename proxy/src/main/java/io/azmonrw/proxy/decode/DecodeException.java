package io.azmonrw.proxy.decode;

/** A remote-write body that cannot be accepted, with a one-line reason; {@link #tooLarge()} selects 413 over 400. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean tooLarge;

    public DecodeException(String reason) {
        this(reason, false);
    }

    public DecodeException(String reason, boolean tooLarge) {
        // no cause and no stack trace: these are expected, frequent under attack, and logged as one line
        super(reason, null, false, false);
        this.tooLarge = tooLarge;
    }

    /** True when the decoded size exceeds the cap (the caller answers 413), else the body is bad (400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
