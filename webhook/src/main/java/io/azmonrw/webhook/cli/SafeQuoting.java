package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Quotes every string that a YAML 1.1 reader (go-yaml, so kubectl) would take for something else: Jackson's own
 * check misses "1e3", "0x1F", "1_000", ".inf", "yes", "on", timestamps and sexagesimals, which would come back as
 * numbers, booleans or dates and break a label or env value.
 */
final class SafeQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Set<String> WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~");
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?" // ints and floats, with exponent or
                    // underscores
                    + "|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO]?[0-7_]+|[-+]?0b[01_]+" // hex, octal, binary
                    + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
                    + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?" // sexagesimal
                    + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"); // timestamps

    static boolean looksLikeOtherType(String s) {
        return WORDS.contains(s.toLowerCase(Locale.ROOT))
                || NOT_A_STRING.matcher(s).matches();
    }

    @Override
    public boolean needToQuoteValue(String value) {
        return super.needToQuoteValue(value) || looksLikeOtherType(value);
    }

    @Override
    public boolean needToQuoteName(String name) {
        return super.needToQuoteName(name) || looksLikeOtherType(name);
    }
}
