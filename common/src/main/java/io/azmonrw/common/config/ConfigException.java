package io.azmonrw.common.config;

import java.util.List;

/** Every missing or invalid configuration key of one startup, reported together in one message. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code KEY: what is wrong}, in the order they were found. */
    public List<String> problems() {
        return problems;
    }
}
