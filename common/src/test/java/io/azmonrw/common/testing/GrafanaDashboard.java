package io.azmonrw.common.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Grafana dashboard's panel queries and substitutes its template variables, so tests can run them on Prometheus. */
public final class GrafanaDashboard {
    /** One query of one panel. */
    public record Query(String panel, String refId, String expr) {
        @Override
        public String toString() {
            return "panel '" + panel + "' query " + refId + ": " + expr;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private final JsonObject json;

    private GrafanaDashboard(JsonObject json) {
        this.json = json;
    }

    public static GrafanaDashboard read(Path file) throws IOException {
        return new GrafanaDashboard(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    }

    public JsonObject json() {
        return json;
    }

    /** Every panel's targets, rows' nested panels included; a target without an expression is an error. */
    public List<Query> queries() {
        List<Query> out = new ArrayList<>();
        collect(json.getJsonArray("panels", new JsonArray()), out);
        return out;
    }

    private static void collect(JsonArray panels, List<Query> out) {
        for (int i = 0; i < panels.size(); i++) {
            JsonObject p = panels.getJsonObject(i);
            collect(p.getJsonArray("panels", new JsonArray()), out);
            JsonArray targets = p.getJsonArray("targets", new JsonArray());
            for (int t = 0; t < targets.size(); t++) {
                JsonObject target = targets.getJsonObject(t);
                String expr = target.getString("expr");
                if (expr == null || expr.isBlank()) {
                    throw new IllegalStateException("panel '" + p.getString("title") + "' has a target without expr");
                }
                out.add(new Query(p.getString("title"), target.getString("refId"), expr));
            }
        }
    }

    /** The names of the templating variables, in order. */
    public List<String> variables() {
        List<String> out = new ArrayList<>();
        JsonArray list = json.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.getJsonObject(i).getString("name"));
        }
        return out;
    }

    /** Replaces {@code $name} and {@code ${name}}; a variable missing from {@code values} is an error, not left in place. */
    public static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no value for $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
