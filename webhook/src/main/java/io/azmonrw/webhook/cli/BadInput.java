package io.azmonrw.webhook.cli;

/** A one-line input or usage problem of the offline commands: exit 2, nothing on stdout. */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(message, null, false, false);
    }
}
