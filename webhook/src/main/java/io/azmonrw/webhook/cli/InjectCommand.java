package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.config.Quantity;
import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.mutation.InjectionDefaults;
import io.azmonrw.webhook.mutation.PodMutator;
import io.azmonrw.webhook.mutation.PodPatches;
import io.azmonrw.webhook.mutation.ProxyResources;
import io.azmonrw.webhook.mutation.SpecResolver;
import io.azmonrw.webhook.patch.JsonPatchApplier;
import io.azmonrw.webhook.selection.LabelSelector;
import io.azmonrw.webhook.selection.Selection;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The offline {@code inject} command (like {@code istioctl kube-inject}): reads YAML or JSON documents, injects the
 * proxy into every pod template with the server's own selection, mutation and diff code, prints YAML. Everything
 * outside the injected parts is the same parsed tree. Bad input: exit 2 and one line naming the document.
 */
public final class InjectCommand {
    public static final int OK = 0;
    public static final int BAD_INPUT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build())
            .build();
    private static final List<String> TEMPLATE_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController");

    private InjectCommand() {}

    /** Runs {@code inject} with its arguments (a leading "inject" is ignored); returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        InjectOptions options;
        try {
            options = InjectOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "; " + InjectOptions.USAGE);
            return BAD_INPUT;
        }
        List<JsonNode> docs;
        try {
            docs = read(options.file(), in);
        } catch (BadInput e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        Injector injector = new Injector(options, err);
        StringWriter text = new StringWriter();
        try {
            for (int i = 0; i < docs.size(); i++) {
                JsonNode doc = docs.get(i);
                String label = "document " + (i + 1);
                if (!doc.isObject()) {
                    throw new BadInput(label + ": not a Kubernetes object");
                }
                JsonNode injected = injector.document((ObjectNode) doc, label + describe(doc));
                text.write(YAML.writeValueAsString(injected));
            }
        } catch (BadInput e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot write YAML: " + e.getMessage());
            return BAD_INPUT;
        }
        out.print(text);
        out.flush();
        return OK;
    }

    private static List<JsonNode> read(String file, InputStream stdin) {
        byte[] bytes;
        try {
            bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new BadInput("cannot read " + file + ": " + e.getMessage());
        }
        String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
        ObjectMapper mapper = s.startsWith("{") || s.startsWith("[") ? JSON : YAML;
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser p = mapper.createParser(bytes); MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(p)) {
            while (true) {
                boolean more;
                try {
                    more = it.hasNextValue();
                    if (!more) {
                        break;
                    }
                    JsonNode n = it.nextValue();
                    // an empty document (only comments, or "---" twice) reads as null or "": kubectl skips it too
                    if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isTextual() && n.asText().isEmpty())) {
                        docs.add(n);
                    }
                } catch (IOException | RuntimeException e) {
                    throw new BadInput("document " + (docs.size() + 1) + ": not valid " + (mapper == JSON ? "JSON" : "YAML") + ": " + oneLine(e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new BadInput("cannot parse " + file + ": " + oneLine(e.getMessage()));
        }
        if (docs.isEmpty()) {
            throw new BadInput(file + " has no documents");
        }
        return docs;
    }

    /** Injects into the pod templates of one document. */
    private static final class Injector {
        private final InjectOptions options;
        private final PrintStream err;
        private final Selection selection = new Selection(LabelSelector.parse(""), Set.of());
        private final SpecResolver resolver;
        private final PodMutator mutator = new PodMutator();

        Injector(InjectOptions options, PrintStream err) {
            this.options = options;
            this.err = err;
            this.resolver = new SpecResolver(new InjectionDefaults(
                    options.image().orElse(WebhookConfig.DEFAULT_PROXY_IMAGE), 8081, options.ingestionUrl(), options.clientId(),
                    options.tenantId(), WebhookConfig.Cloud.AZUREPUBLIC.authorityHost(), WebhookConfig.Cloud.AZUREPUBLIC.name(),
                    Optional.empty(),
                    new ProxyResources(Quantity.parse(WebhookConfig.DEFAULT_CPU_REQUEST), Quantity.parse(WebhookConfig.DEFAULT_CPU_LIMIT),
                            Quantity.parse(WebhookConfig.DEFAULT_MEMORY_REQUEST), Quantity.parse(WebhookConfig.DEFAULT_MEMORY_LIMIT)),
                    BuildInfo.version(InjectCommand.class)));
        }

        JsonNode document(ObjectNode doc, String label) {
            String kind = doc.path("kind").asText("");
            if (kind.isEmpty()) {
                throw new BadInput(label + ": has no kind");
            }
            if (kind.equals("Pod")) {
                return injectPod(doc, label);
            }
            if (kind.equals("List") || kind.endsWith("List") && doc.has("items")) {
                JsonNode items = doc.get("items");
                if (items == null || !items.isArray()) {
                    throw new BadInput(label + ": items is not a list");
                }
                ObjectNode copy = doc.deepCopy();
                ArrayNode out = copy.putArray("items");
                for (int i = 0; i < items.size(); i++) {
                    JsonNode item = items.get(i);
                    String itemLabel = label + " item " + (i + 1) + describe(item);
                    if (!item.isObject()) {
                        throw new BadInput(itemLabel + ": not a Kubernetes object");
                    }
                    out.add(document((ObjectNode) item, itemLabel));
                }
                return copy;
            }
            if (TEMPLATE_KINDS.contains(kind)) {
                return withTemplate(doc, List.of("spec", "template"), label);
            }
            if (kind.equals("CronJob")) {
                return withTemplate(doc, List.of("spec", "jobTemplate", "spec", "template"), label);
            }
            return doc;
        }

        private JsonNode withTemplate(ObjectNode doc, List<String> path, String label) {
            ObjectNode copy = doc.deepCopy();
            JsonNode parent = copy;
            for (String p : path.subList(0, path.size() - 1)) {
                parent = parent.path(p);
            }
            JsonNode template = parent.get(path.get(path.size() - 1));
            if (!(parent instanceof ObjectNode holder) || !(template instanceof ObjectNode)) {
                throw new BadInput(label + ": " + String.join(".", path) + " is missing");
            }
            ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
            if (template.has("metadata")) {
                pod.set("metadata", template.get("metadata"));
            }
            if (template.has("spec")) {
                pod.set("spec", template.get("spec"));
            }
            JsonNode injected = injectPod(pod, label);
            ObjectNode newTemplate = ((ObjectNode) template).deepCopy();
            if (injected.has("metadata")) {
                newTemplate.set("metadata", injected.get("metadata"));
            }
            newTemplate.set("spec", injected.get("spec"));
            holder.set(path.get(path.size() - 1), newTemplate);
            return copy;
        }

        private JsonNode injectPod(ObjectNode raw, String label) {
            if (!raw.path("spec").isObject() || !raw.path("spec").path("containers").isArray()) {
                throw new BadInput(label + ": the pod spec has no containers list");
            }
            Pod pod;
            try {
                pod = PodPatches.toPod(raw);
            } catch (IllegalArgumentException e) {
                throw new BadInput(label + ": not a valid pod: " + oneLine(e.getMessage()));
            }
            Selection.Decision decision = selection.decide(pod, null, true);
            if (!decision.inject()) {
                decision.warning().ifPresent(w -> err.println("warning: " + label + ": " + w));
                return raw;
            }
            List<String> warnings = new ArrayList<>();
            SpecResolver.Resolution res = resolver.resolve(pod, null, "-", Map.of(), Map.of(), options.nativeSidecar(), warnings);
            if (res.spec().isEmpty()) {
                String key = res.reason().equals("no_client_id") ? "--client-id or the pod annotation " + Keys.CLIENT_ID
                        : "--ingestion-url or the pod annotation " + Keys.INGESTION_URL;
                throw new BadInput(label + ": " + res.reason().replace('_', ' ') + ": pass " + key);
            }
            warnings.forEach(w -> err.println("warning: " + label + ": " + w));
            // the admission path's patch, so that the CLI shows exactly what the webhook would change
            ArrayNode patch = PodPatches.injectionPatch(mutator, pod, res.spec().get());
            try {
                return JsonPatchApplier.apply(patch, raw);
            } catch (IllegalArgumentException e) {
                throw new BadInput(label + ": cannot inject: " + e.getMessage());
            }
        }
    }

    private static String describe(JsonNode doc) {
        String kind = doc.path("kind").asText("");
        String name = doc.path("metadata").path("name").asText(doc.path("metadata").path("generateName").asText(""));
        if (kind.isEmpty() && name.isEmpty()) {
            return "";
        }
        return " (" + (kind + " " + name).trim() + ")";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** A one-line input problem: exit 2. */
    private static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }
}
