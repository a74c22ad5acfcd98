package io.azmonrw.common.config;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an Azure Monitor metrics ingestion URL (docs/design.md, "The proxy"), checked by the proxy at start-up
 * and by the {@code inject} command before any output, so that a URL that can only ever answer 404 is refused early.
 */
public final class IngestionUrl {
    private IngestionUrl() {}

    /** What a valid URL looks like, shown in every refusal. */
    public static final String EXPECTED_SHAPE =
            "https://<endpoint>/dataCollectionRules/<dcr-immutable-id>/streams/<stream>/api/v1/write?api-version=<version>";

    private static final Pattern PATH =
            Pattern.compile("^/dataCollectionRules/([^/]+)/streams/([^/]+)/api/v1/write/?$");

    /** The data collection rule id and stream named by a well-shaped URL. */
    public record Parts(String dataCollectionRule, String stream) {}

    /** The rule and stream of {@code url}, when its path has the expected shape (the scheme is not checked here). */
    public static Optional<Parts> parts(URI url) {
        String path = url.getPath();
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = PATH.matcher(path);
        return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
    }

    /**
     * Why {@code url} is not an Azure Monitor metrics ingestion URL, in one line, or empty when it is one.
     * {@code allowHttp} admits plain http for loopback stand-ins in tests.
     */
    public static Optional<String> problem(URI url, boolean allowHttp) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || (allowHttp && scheme.equalsIgnoreCase("http")))) {
            return Optional.of("must be an https URL of the form " + EXPECTED_SHAPE + " (got " + url + ")");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("has no host; expected " + EXPECTED_SHAPE + " (got " + url + ")");
        }
        if (parts(url).isEmpty()) {
            return Optional.of("does not look like an Azure Monitor metrics ingestion URL: expected " + EXPECTED_SHAPE
                    + " (got path '" + (url.getPath() == null ? "" : url.getPath()) + "')");
        }
        if (!hasApiVersion(url.getRawQuery())) {
            return Optional.of("has no api-version query parameter: expected " + EXPECTED_SHAPE + " (got " + url + ")");
        }
        return Optional.empty();
    }

    private static boolean hasApiVersion(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("api-version=") && pair.length() > "api-version=".length()) {
                return true;
            }
        }
        return false;
    }
}
