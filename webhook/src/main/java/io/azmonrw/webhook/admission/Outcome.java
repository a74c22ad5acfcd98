package io.azmonrw.webhook.admission;

/** The outcome of one admission, as counted in metrics. */
public enum Outcome {
    INJECTED,
    SKIPPED,
    ERROR
}
