package io.azmonrw.common.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes resource quantity ({@code 100m}, {@code 64Mi}, {@code 1.5}, {@code 2e3}), validated as the API server would. */
public record Quantity(String text, BigDecimal value) {
    private static final Pattern FORMAT = Pattern.compile(
            "^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?$");
    private static final BigDecimal KI = BigDecimal.valueOf(1024);
    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("Ki", KI),
            Map.entry("Mi", KI.pow(2)),
            Map.entry("Gi", KI.pow(3)),
            Map.entry("Ti", KI.pow(4)),
            Map.entry("Pi", KI.pow(5)),
            Map.entry("Ei", KI.pow(6)),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")));

    /**
     * @throws IllegalArgumentException with a one-line reason when the text is not a quantity or is negative
     */
    public static Quantity parse(String text) {
        String s = text.trim();
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity like 100m, 0.5, 128Mi, 1G");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        BigDecimal value;
        if (suffix == null) {
            value = number;
        } else if (suffix.startsWith("e") || suffix.startsWith("E")) {
            value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            value = number.multiply(SUFFIX.get(suffix));
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return new Quantity(s, value);
    }

    /** The quantity in whole mebibytes (rounded down), e.g. 256 for {@code 256Mi}: how JVM memory flags take it. */
    public long mebibytes() {
        return value.divide(BigDecimal.valueOf(1L << 20), 0, java.math.RoundingMode.DOWN)
                .longValueExact();
    }

    @Override
    public String toString() {
        return text;
    }
}
