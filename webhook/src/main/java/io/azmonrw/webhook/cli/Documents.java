package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.azmonrw.common.logging.OneLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML stream or JSON text split into documents that remember their original text, so that the output repeats
 * every unmodified document byte for byte and re-serialises only the documents that changed.
 */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .stringQuotingChecker(new SafeQuoting())
                    .build())
            .build();
    /** A document separator line: "---" alone or followed by a space and the start of the document. */
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---(?=[ \\t]|\\r?$)");

    /** One document: its parsed tree and where its text sits in the input. */
    static final class Doc {
        final int start;
        final int end;
        final JsonNode tree;
        /** Jackson reads an alias as its anchor's name: such a document is printed as read or not at all. */
        final boolean aliases;

        JsonNode replacement;

        Doc(int start, int end, JsonNode tree, boolean aliases) {
            this.start = start;
            this.end = end;
            this.tree = tree;
            this.aliases = aliases;
        }
    }

    private final String text;
    private final boolean json;
    private final List<Doc> docs;

    private Documents(String text, boolean json, List<Doc> docs) {
        this.text = text;
        this.json = json;
        this.docs = docs;
    }

    List<Doc> docs() {
        return docs;
    }

    /** @throws BadInput naming the first document that does not parse, or when there is no document */
    static Documents parse(String text, String source) {
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        List<Doc> docs = json ? jsonDocs(text) : yamlDocs(text);
        if (docs.isEmpty()) {
            throw new BadInput(source + " has no documents");
        }
        return new Documents(text, json, docs);
    }

    private static List<Doc> yamlDocs(String text) {
        List<Integer> bounds = new ArrayList<>();
        Matcher m = SEPARATOR.matcher(text);
        bounds.add(0);
        while (m.find()) {
            // the document starts after the three dashes, so a "--- {...}" line keeps its content
            bounds.add(m.end());
        }
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            int start = bounds.get(i);
            int end = i + 1 < bounds.size() ? bounds.get(i + 1) - 3 : text.length();
            String chunk = text.substring(start, end);
            if (chunk.strip().equals("...") || chunk.isBlank()) {
                continue;
            }
            JsonNode tree;
            boolean aliases = false;
            try (JsonParser p = YAML.createParser(chunk)) {
                while (p.nextToken() != null) {
                    aliases |= ((YAMLParser) p).isCurrentAlias();
                }
            } catch (IOException | RuntimeException e) {
                throw new BadInput("document " + (docs.size() + 1) + ": not valid YAML: " + OneLine.of(e));
            }
            try (JsonParser p = YAML.createParser(chunk)) {
                tree = YAML.readTree(p);
                // anything after the first document of a section ("..." then more) is refused, never dropped
                if (p.nextToken() != null) {
                    throw new BadInput(
                            "document " + (docs.size() + 1) + ": a second YAML document without --- before it");
                }
            } catch (BadInput e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new BadInput("document " + (docs.size() + 1) + ": not valid YAML: " + OneLine.of(e));
            }
            // an empty document (only comments) reads as null or "": kubectl skips it too, and so do we (kept as text)
            if (tree != null
                    && !tree.isNull()
                    && !tree.isMissingNode()
                    && !(tree.isTextual() && tree.asText().isEmpty())) {
                docs.add(new Doc(start, end, tree, aliases));
            }
        }
        return docs;
    }

    private static List<Doc> jsonDocs(String text) {
        List<Doc> docs = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            while (true) {
                JsonToken t;
                try {
                    t = p.nextToken();
                    if (t == null) {
                        break;
                    }
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    JsonNode tree = JSON.readTree(p);
                    int end = (int) p.currentLocation().getCharOffset();
                    docs.add(new Doc(start, end, tree, false));
                } catch (IOException | RuntimeException e) {
                    throw new BadInput("document " + (docs.size() + 1) + ": not valid JSON: " + OneLine.of(e));
                }
            }
        } catch (IOException e) {
            throw new BadInput("not valid JSON: " + OneLine.of(e));
        }
        return docs;
    }

    /** The length of the blank and comment lines that open a document (helm's "# Source: ..." line): kept when it is re-serialised. */
    private int leadingComments(Doc d) {
        int at = d.start;
        while (at < d.end) {
            int nl = text.indexOf('\n', at);
            if (nl < 0 || nl >= d.end) {
                break;
            }
            String line = text.substring(at, nl).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                break;
            }
            at = nl + 1;
        }
        return at - d.start;
    }

    /** The input with every replaced document re-serialised in the input's format and everything else as it was. */
    String render() {
        StringBuilder out = new StringBuilder(text.length() + 1024);
        int at = 0;
        for (Doc d : docs) {
            if (d.replacement == null) {
                continue;
            }
            out.append(text, at, d.start);
            try {
                if (json) {
                    out.append(JSON.writeValueAsString(d.replacement));
                } else {
                    int header = leadingComments(d);
                    out.append(text, d.start, d.start + header);
                    // the separator's line may have held the start of the document: begin on a fresh line
                    if (header == 0 && d.start > 0) {
                        out.append('\n');
                    }
                    out.append(YAML.writeValueAsString(d.replacement));
                }
            } catch (IOException e) {
                throw new BadInput("cannot write " + (json ? "JSON" : "YAML") + ": " + OneLine.of(e));
            }
            at = d.end;
        }
        out.append(text, at, text.length());
        return out.toString();
    }
}
