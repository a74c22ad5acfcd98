package io.azmonrw.common.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values from a passed-in environment map and collects every problem, so that one
 * {@link #done()} reports all missing or invalid keys in one message. A blank value counts as unset.
 */
public final class EnvReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The raw value, trimmed; empty when unset or blank. */
    public Optional<String> optional(String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(v.trim());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /** A value that must be set; records a problem and returns null when it is not. */
    public String required(String key) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            problem(key, "is required");
            return null;
        }
        return v.get();
    }

    /** An optional secret; null when unset. Never trimmed, since whitespace may be part of it. */
    public Secret secret(String key) {
        String v = env.get(key);
        return v == null || v.isEmpty() ? null : Secret.of(v);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n < min || n > max) {
                problem(key, "'" + v.get() + "' is outside " + min + ".." + max);
                return defaultValue;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(key, "'" + v.get() + "' is not an integer");
            return defaultValue;
        }
    }

    /** A size in bytes, as a plain integer or a Kubernetes quantity ({@code 32Mi}). */
    public long byteSize(String key, long defaultValue, long min, long max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            BigDecimal n = Quantity.parse(v.get()).value();
            if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
                problem(key, "'" + v.get() + "' is outside " + min + ".." + max + " bytes");
                return defaultValue;
            }
            return n.longValue();
        } catch (IllegalArgumentException e) {
            problem(key, "'" + v.get() + "' is not a byte size like 1048576 or 32Mi");
            return defaultValue;
        }
    }

    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration d = Durations.parse(v.get());
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(key, "'" + v.get() + "' is outside " + Durations.format(min) + ".." + Durations.format(max));
                return defaultValue;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                problem(key, "'" + v.get() + "' is not a boolean (true or false)");
                return defaultValue;
        }
    }

    /**
     * An absolute URL with one of the given schemes and a host.
     *
     * @param defaultValue returned when unset and not required; may be null
     */
    public URI url(String key, URI defaultValue, boolean required, Set<String> schemes) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            if (required) {
                problem(key, "is required");
            }
            return defaultValue;
        }
        try {
            URI uri = new URI(v.get());
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                problem(
                        key,
                        "'" + v.get() + "' must be an absolute "
                                + String.join(" or ", schemes.stream().sorted().toList()) + " URL");
                return defaultValue;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problem(key, "'" + v.get() + "' has no host");
                return defaultValue;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(key, "'" + v.get() + "' is not a URL: " + e.getReason());
            return defaultValue;
        }
    }

    /**
     * An enum constant, matched without regard to case, '-' and '_' (so {@code workloadIdentity}
     * matches {@code WORKLOAD_IDENTITY}).
     */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String wanted = normalize(v.get());
        for (E e : type.getEnumConstants()) {
            if (normalize(e.name()).equals(wanted) || normalize(e.toString()).equals(wanted)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.toString());
        }
        problem(key, "'" + v.get() + "' is not one of " + String.join(", ", names));
        return defaultValue;
    }

    private static String normalize(String s) {
        return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** A comma-separated list of CIDRs or single addresses. */
    public List<Cidr> cidrs(String key, List<Cidr> defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        List<Cidr> out = new ArrayList<>();
        for (String part : v.get().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return defaultValue;
            }
        }
        if (out.isEmpty()) {
            problem(key, "lists no CIDR");
            return defaultValue;
        }
        return List.copyOf(out);
    }

    /** A comma-separated list of non-blank strings. */
    public List<String> list(String key, List<String> defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return java.util.Arrays.stream(v.get().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** A Kubernetes resource quantity; the default is not validated. */
    public Quantity quantity(String key, String defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue == null ? null : Quantity.parse(defaultValue);
        }
        try {
            return Quantity.parse(v.get());
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return defaultValue == null ? null : Quantity.parse(defaultValue);
        }
    }

    /** A path to a regular file this process can read; null when unset and not required. */
    public Path readableFile(String key, boolean required) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            if (required) {
                problem(key, "is required");
            }
            return null;
        }
        Path p = Path.of(v.get());
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problem(key, "'" + v.get() + "' is not a readable file");
            return null;
        }
        return p;
    }

    /** Records a problem found by a cross-key check of the caller. */
    public void problem(String key, String message) {
        problems.add(key + ": " + message);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** @throws ConfigException listing every problem recorded so far, if any */
    public void done() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
