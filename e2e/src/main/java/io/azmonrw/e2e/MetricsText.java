package io.azmonrw.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The Prometheus text exposition format, parsed just enough to sum a metric over its label sets. */
public final class MetricsText {
    /** One sample line. */
    public record Line(String name, Map<String, String> labels, double value) {}

    private final List<Line> lines;

    private MetricsText(List<Line> lines) {
        this.lines = lines;
    }

    public static MetricsText parse(String text) {
        List<Line> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String l = raw.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int brace = l.indexOf('{');
            int space;
            Map<String, String> labels = new TreeMap<>();
            String name;
            if (brace >= 0 && brace < l.indexOf(' ')) {
                name = l.substring(0, brace);
                int close = l.lastIndexOf('}');
                parseLabels(l.substring(brace + 1, close), labels);
                space = close + 1;
            } else {
                space = l.indexOf(' ');
                name = l.substring(0, space);
            }
            String[] rest = l.substring(space).trim().split("\\s+");
            try {
                out.add(new Line(name, labels, Double.parseDouble(rest[0])));
            } catch (NumberFormatException e) {
                // +Inf/-Inf/NaN spellings Java does not read are of no use for sums
            }
        }
        return new MetricsText(out);
    }

    private static void parseLabels(String s, Map<String, String> labels) {
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return;
            }
            String key = s.substring(i, eq).trim();
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (j < s.length() && s.charAt(j) != '"') {
                if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                    j++;
                }
                v.append(s.charAt(j));
                j++;
            }
            labels.put(key, v.toString());
            i = j + 1;
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
    }

    /** Sum over every label set of {@code name}; NaN when absent. */
    public double sum(String name) {
        return sum(name, l -> true);
    }

    public double sum(String name, Predicate<Map<String, String>> labels) {
        double total = 0;
        boolean seen = false;
        for (Line l : lines) {
            if (l.name().equals(name) && labels.test(l.labels())) {
                total += l.value();
                seen = true;
            }
        }
        return seen ? total : Double.NaN;
    }

    /** Sum, or 0 when the metric is absent (counters that have not been created yet). */
    public double sumOrZero(String name) {
        double v = sum(name);
        return Double.isNaN(v) ? 0 : v;
    }

    public List<Line> lines() {
        return lines;
    }
}
