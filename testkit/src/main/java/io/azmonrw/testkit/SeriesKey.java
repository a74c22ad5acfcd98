package io.azmonrw.testkit;

import java.util.Map;
import java.util.TreeMap;

/** Canonical text of a series' label set, {@code {__name__="up",job="x"}} with names sorted, for comparisons. */
public final class SeriesKey {
    private SeriesKey() {}

    /** The key of a label set, whatever the order of the map (e.g. a Prometheus query API "metric" object). */
    public static String of(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(e.getKey()).append("=\"");
            escape(e.getValue(), sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static void escape(String v, StringBuilder sb) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }
}
