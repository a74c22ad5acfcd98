package io.azmonrw.bench.run;

import java.util.Collection;
import java.util.Locale;

/** Median of a few rounds and their range, as every table shows them: {@code median (min–max)}. */
record Spread(double median, double min, double max) {

    static Spread of(Collection<Double> values) {
        double[] v = values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1]);
    }

    /** Whether {@code value} is more than {@code share} away from the median (a noisy round). */
    boolean off(double value, double share) {
        return median > 0 && Math.abs(value - median) > share * median;
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    String show(int decimals) {
        return min == max || Double.isNaN(median)
                ? num(median, decimals)
                : num(median, decimals) + " (" + num(min, decimals) + "–" + num(max, decimals) + ")";
    }
}
