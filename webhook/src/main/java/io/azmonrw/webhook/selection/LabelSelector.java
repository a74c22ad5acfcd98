package io.azmonrw.webhook.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its string form ({@code a=b, c!=d, e in (f,g), h notin (i), j, !k}), parsed once
 * and matched against label maps; the empty selector matches everything, as in kubectl.
 */
public final class LabelSelector {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /** One requirement of the selector. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
                case IN -> v != null && values.contains(v);
                // as in Kubernetes: a missing key satisfies != and notin
                case NOT_IN -> v == null || !values.contains(v);
            };
        }
    }

    /** The operators of the string form; {@code =}, {@code ==} are IN with one value, {@code !=} NOT_IN with one. */
    public enum Operator {
        EXISTS,
        DOES_NOT_EXIST,
        IN,
        NOT_IN
    }

    private final String text;
    private final List<Requirement> requirements;

    private LabelSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = List.copyOf(requirements);
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(l)) {
                return false;
            }
        }
        return true;
    }

    /** @throws IllegalArgumentException with a one-line reason naming the bad part */
    public static LabelSelector parse(String text) {
        List<Requirement> out = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            String p = part.trim();
            if (p.isEmpty()) {
                if (!text.isBlank()) {
                    throw new IllegalArgumentException("'" + text + "' has an empty requirement");
                }
                continue;
            }
            out.add(requirement(p, text));
        }
        return new LabelSelector(text.trim(), out);
    }

    private static Requirement requirement(String p, String whole) {
        if (p.startsWith("!")) {
            return new Requirement(key(p.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, Set.of());
        }
        int paren = p.indexOf('(');
        if (paren >= 0) {
            if (!p.endsWith(")")) {
                throw new IllegalArgumentException("'" + p + "' in '" + whole + "' lacks a closing parenthesis");
            }
            String head = p.substring(0, paren).trim();
            String[] words = head.split("\\s+");
            if (words.length != 2 || !(words[1].equals("in") || words[1].equals("notin"))) {
                throw new IllegalArgumentException(
                        "'" + p + "' in '" + whole + "' is not 'key in (values)' or 'key notin (values)'");
            }
            Set<String> values = new java.util.LinkedHashSet<>();
            for (String v : p.substring(paren + 1, p.length() - 1).split(",", -1)) {
                values.add(value(v.trim(), whole));
            }
            return new Requirement(
                    key(words[0], whole), words[1].equals("in") ? Operator.IN : Operator.NOT_IN, Set.copyOf(values));
        }
        int neq = p.indexOf("!=");
        if (neq >= 0) {
            return new Requirement(
                    key(p.substring(0, neq).trim(), whole),
                    Operator.NOT_IN,
                    Set.of(value(p.substring(neq + 2).trim(), whole)));
        }
        int eq = p.indexOf('=');
        if (eq >= 0) {
            int after = p.startsWith("==", eq) ? eq + 2 : eq + 1;
            return new Requirement(
                    key(p.substring(0, eq).trim(), whole),
                    Operator.IN,
                    Set.of(value(p.substring(after).trim(), whole)));
        }
        if (p.contains(" ")) {
            throw new IllegalArgumentException(
                    "'" + p + "' in '" + whole
                            + "' is not a requirement (expected key, !key, key=value, key!=value, key in (...), key notin (...))");
        }
        return new Requirement(key(p, whole), Operator.EXISTS, Set.of());
    }

    private static String key(String k, String whole) {
        String name = k;
        int slash = k.indexOf('/');
        if (slash >= 0) {
            String prefix = k.substring(0, slash);
            name = k.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > 253
                    || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("'" + k + "' in '" + whole + "' has an invalid key prefix");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + k + "' in '" + whole + "' is not a valid label key");
        }
        return k;
    }

    private static String value(String v, String whole) {
        if (v.length() > 63 || !VALUE.matcher(v).matches()) {
            throw new IllegalArgumentException("'" + v + "' in '" + whole + "' is not a valid label value");
        }
        return v;
    }

    /** Splits on commas outside parentheses, so {@code a in (b,c),d} gives two parts. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("'" + text + "' has an unmatched ')'");
                }
            }
            if (c == ',' && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("'" + text + "' has an unmatched '('");
        }
        parts.add(cur.toString());
        return parts;
    }

    @Override
    public String toString() {
        return text;
    }
}
