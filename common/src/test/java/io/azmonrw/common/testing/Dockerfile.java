package io.azmonrw.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read as text (no container engine here): its instructions in order, continuations joined, comments dropped. */
public record Dockerfile(List<Instruction> instructions) {
    /** One instruction: its keyword in upper case and the rest of its (joined) line. */
    public record Instruction(String keyword, String arguments) {}

    public Dockerfile {
        instructions = List.copyOf(instructions);
    }

    public static Dockerfile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dockerfile parse(String text) {
        var out = new ArrayList<Instruction>();
        StringBuilder current = new StringBuilder();
        for (String line : text.lines().toList()) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String full = current.toString().strip();
            current.setLength(0);
            if (!full.isEmpty()) {
                int sp = full.indexOf(' ');
                out.add(
                        sp < 0
                                ? new Instruction(full.toUpperCase(Locale.ROOT), "")
                                : new Instruction(
                                        full.substring(0, sp).toUpperCase(Locale.ROOT),
                                        full.substring(sp + 1).strip()));
            }
        }
        return new Dockerfile(out);
    }

    /** The arguments of every {@code keyword} instruction, in order. */
    public List<String> all(String keyword) {
        return instructions.stream()
                .filter(i -> i.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }

    /** The arguments of the last {@code keyword} instruction (the one that counts for USER, ENTRYPOINT...). */
    public String last(String keyword) {
        List<String> all = all(keyword);
        if (all.isEmpty()) {
            throw new AssertionError("no " + keyword + " instruction");
        }
        return all.get(all.size() - 1);
    }
}
