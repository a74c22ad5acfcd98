package io.azmonrw.webhook.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines of {@code check}: one per check, {@code [ok]}, {@code [warn]} or {@code [fail]} with the fix, as text or JSON. */
public final class Checklist {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How a check came out; any FAIL makes the command exit non-zero. */
    public enum Status {
        OK,
        WARN,
        FAIL
    }

    /** One line: what was checked ({@code subject}), what was found, and for warn/fail how to fix it. */
    public record Item(Status status, String check, String subject, String detail, String fix) {}

    private final List<Item> items = new ArrayList<>();

    public void ok(String check, String subject, String detail) {
        items.add(new Item(Status.OK, check, subject, detail, null));
    }

    public void warn(String check, String subject, String detail, String fix) {
        items.add(new Item(Status.WARN, check, subject, detail, fix));
    }

    public void fail(String check, String subject, String detail, String fix) {
        items.add(new Item(Status.FAIL, check, subject, detail, fix));
    }

    public List<Item> items() {
        return List.copyOf(items);
    }

    public long count(Status s) {
        return items.stream().filter(i -> i.status() == s).count();
    }

    /** 0 when nothing failed, 1 otherwise. */
    public int exitCode() {
        return count(Status.FAIL) > 0 ? 1 : 0;
    }

    public void printText(PrintStream out) {
        for (Item i : items) {
            String tag = "[" + i.status().name().toLowerCase(Locale.ROOT) + "]";
            out.println(String.format("%-6s %s %s: %s", tag, i.check(), i.subject(), i.detail()));
            if (i.fix() != null) {
                out.println("       fix: " + i.fix());
            }
        }
        out.println(count(Status.OK) + " ok, " + count(Status.WARN) + " warn, " + count(Status.FAIL) + " fail");
    }

    public void printJson(PrintStream out) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode checks = root.putArray("checks");
        for (Item i : items) {
            ObjectNode o = checks.addObject();
            o.put("status", i.status().name().toLowerCase(Locale.ROOT));
            o.put("check", i.check());
            o.put("subject", i.subject());
            o.put("detail", i.detail());
            if (i.fix() != null) {
                o.put("fix", i.fix());
            }
        }
        root.putObject("summary")
                .put("ok", count(Status.OK))
                .put("warn", count(Status.WARN))
                .put("fail", count(Status.FAIL));
        try {
            out.println(JSON.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the checklist as JSON", e);
        }
    }
}
