package io.azmonrw.common.logging;

/** How log events are written to stdout. */
public enum LogFormat {
    TEXT,
    JSON
}
