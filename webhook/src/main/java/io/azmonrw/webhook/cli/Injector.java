package io.azmonrw.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.config.Quantity;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.common.service.BuildInfo;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.cli.Workloads.Target;
import io.azmonrw.webhook.mutation.InjectionDefaults;
import io.azmonrw.webhook.mutation.InjectionSpec;
import io.azmonrw.webhook.mutation.PodMutator;
import io.azmonrw.webhook.mutation.PodPatches;
import io.azmonrw.webhook.mutation.ProxyExtras;
import io.azmonrw.webhook.mutation.ProxyResources;
import io.azmonrw.webhook.mutation.SpecResolver;
import io.azmonrw.webhook.patch.JsonPatchApplier;
import io.azmonrw.webhook.selection.LabelSelector;
import io.azmonrw.webhook.selection.Selection;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Injects one target with the admission path's own selection, resolution and patch: a pod template gets the patch
 * as is; an operator resource gets it mapped onto the fields prometheus-operator copies into its pods
 * ({@code spec.podMetadata}, {@code spec.containers}/{@code initContainers}, {@code spec.volumes}) plus one
 * {@code remoteWrite} entry. What was added is recorded in the status annotation for {@code uninject}.
 */
final class Injector {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final InjectOptions options;
    private final ServiceAccounts serviceAccounts;
    private final Consumer<String> err;
    private final Selection selection =
            new Selection(LabelSelector.parse(Keys.DEFAULT_PROMETHEUS_POD_SELECTOR), Set.of());
    private final SpecResolver resolver;
    private final PodMutator mutator = new PodMutator();

    Injector(InjectOptions options, ServiceAccounts serviceAccounts, Consumer<String> err) {
        this.options = options;
        this.serviceAccounts = serviceAccounts;
        this.err = err;
        this.resolver = new SpecResolver(new InjectionDefaults(
                options.image().orElse(WebhookConfig.DEFAULT_PROXY_IMAGE),
                Injection.DEFAULT_PROXY_PORT,
                options.ingestionUrl(),
                options.clientId(),
                options.tenantId(),
                options.authorityHost(),
                options.cloud().name(),
                Optional.empty(),
                new ProxyResources(
                        Quantity.parse(Injection.DEFAULT_CPU_REQUEST),
                        Quantity.parse(Injection.DEFAULT_CPU_LIMIT),
                        Quantity.parse(Injection.DEFAULT_MEMORY_REQUEST),
                        Quantity.parse(Injection.DEFAULT_MEMORY_LIMIT)),
                BuildInfo.version(Injector.class),
                ProxyExtras.NONE));
    }

    /** The local remote-write URL the proxy listens on. */
    static String remoteWriteUrl(int port) {
        return "http://localhost:" + port + ProxyEnv.WRITE_PATH;
    }

    /** Injects {@code t} in place; false (with one stderr line) when it is skipped. */
    boolean inject(Target t) {
        ObjectNode view = podView(t);
        Pod pod = bind(view, t.label());
        Pod decided = pod;
        if (t.operator()) {
            // the operator puts its own name label on every pod it creates: decide on what the webhook will see
            ObjectNode withLabel = view.deepCopy();
            ObjectNode meta = withLabel.has("metadata")
                    ? (ObjectNode) withLabel.get("metadata")
                    : withLabel.putObject("metadata");
            ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
            labels.put("app.kubernetes.io/name", t.operatorName());
            decided = bind(withLabel, t.label());
        }
        Selection.Decision decision = selection.decide(decided, null, options.all());
        if (!decision.inject()) {
            err.accept("skipped: " + t.label() + ": " + SkipReasons.why(decision));
            return false;
        }
        String saName = view.path("spec").path("serviceAccountName").asText("");
        saName = saName.isEmpty() ? "default" : saName;
        Map<String, String> sa = new LinkedHashMap<>(serviceAccounts.annotations(t.namespace(), saName));
        // an explicit flag wins over the ServiceAccount of the input; a pod annotation wins over both, as in the
        // webhook
        options.clientId().ifPresent(c -> sa.remove(Keys.WI_CLIENT_ID));
        options.tenantId().ifPresent(c -> sa.remove(Keys.WI_TENANT_ID));
        List<String> warnings = new ArrayList<>();
        SpecResolver.Resolution res =
                resolver.resolve(pod, null, saName, Map.of(), sa, options.nativeSidecar(), warnings);
        String saWhere = (t.namespace() == null ? "" : t.namespace() + "/") + saName;
        if (res.spec().isEmpty()) {
            throw new BadInput(t.label()
                    + (res.reason().equals("no_client_id")
                            ? ": no client id: pass --client-id, or include ServiceAccount " + saWhere
                                    + " with annotation " + Keys.WI_CLIENT_ID
                                    + " in the input, or annotate the pod template with " + Keys.CLIENT_ID
                            : ": no ingestion URL: pass --ingestion-url (or annotate the pod template with "
                                    + Keys.INGESTION_URL + ")"));
        }
        InjectionSpec spec = res.spec().get();
        if (!options.ingestionUrl().equals(Optional.of(spec.ingestionUrl()))) {
            try {
                InjectOptions.checkIngestionUrl(spec.ingestionUrl());
            } catch (BadInput e) {
                throw new BadInput(t.label() + ": annotation " + Keys.INGESTION_URL
                        + e.getMessage().substring("--ingestion-url".length()));
            }
        }
        for (String w : warnings) {
            // the resolver names the server's env vars; offline, the flag is the fix
            err.accept("warning: " + t.label() + ": "
                    + (w.contains("no tenant id")
                            ? "no tenant id: pass --tenant-id (or include ServiceAccount " + saWhere
                                    + " with annotation " + Keys.WI_TENANT_ID
                                    + " in the input); without it the proxy gets no AZURE_TENANT_ID unless Azure's workload-identity webhook adds it"
                            : w.replaceFirst("^azmon-rw: ", "")));
        }
        ArrayNode patch = PodPatches.injectionPatch(mutator, pod, spec);
        if (t.operator()) {
            patch = toOperatorPaths(patch);
            if (!options.noRemoteWrite()) {
                addRemoteWrite(t.root(), spec.port(), patch);
            }
        }
        ObjectNode record = InjectionRecord.of(t.root(), patch);
        JsonNode result;
        try {
            result = JsonPatchApplier.apply(patch, t.root());
        } catch (IllegalArgumentException e) {
            throw new BadInput(t.label() + ": cannot inject: " + e.getMessage());
        }
        t.root().removeAll();
        t.root().setAll((ObjectNode) result);
        InjectionRecord.write(t, record);
        return true;
    }

    /** The pod the webhook would see for {@code t}: the template itself, or what the operator copies from its resource. */
    private static ObjectNode podView(Target t) {
        ObjectNode pod = NODES.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        if (!t.operator()) {
            if (t.root().has("metadata")) {
                pod.set("metadata", t.root().get("metadata"));
            }
            pod.set("spec", t.root().get("spec"));
            return pod;
        }
        JsonNode spec = t.root().get("spec");
        if (spec.has("podMetadata")) {
            pod.set("metadata", spec.get("podMetadata"));
        }
        ObjectNode podSpec = pod.putObject("spec");
        for (String f : List.of("containers", "initContainers", "volumes", "serviceAccountName", "hostNetwork")) {
            if (spec.has(f)) {
                podSpec.set(f, spec.get(f));
            }
        }
        return pod;
    }

    private static Pod bind(ObjectNode view, String label) {
        try {
            return PodPatches.toPod(view);
        } catch (IllegalArgumentException e) {
            throw new BadInput(label + ": not a valid pod: " + OneLine.of(e));
        }
    }

    /** The pod's metadata is {@code spec.podMetadata} of an operator resource; containers and volumes keep their names. */
    private static ArrayNode toOperatorPaths(ArrayNode patch) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode op : patch) {
            ObjectNode o = op.deepCopy();
            String path = o.path("path").asText();
            if (path.equals("/metadata") || path.startsWith("/metadata/")) {
                o.put("path", "/spec/podMetadata" + path.substring("/metadata".length()));
            }
            out.add(o);
        }
        return out;
    }

    /** Exactly one entry for the local proxy, unless one with that URL is there. */
    private static void addRemoteWrite(ObjectNode resource, int port, ArrayNode patch) {
        String url = remoteWriteUrl(port);
        JsonNode existing = resource.path("spec").get("remoteWrite");
        if (existing != null && existing.isArray()) {
            for (JsonNode rw : existing) {
                if (url.equals(rw.path("url").asText())) {
                    return;
                }
            }
            patch.addObject()
                    .put("op", "add")
                    .put("path", "/spec/remoteWrite/-")
                    .set("value", NODES.objectNode().put("url", url));
        } else {
            ArrayNode list = NODES.arrayNode();
            list.addObject().put("url", url);
            patch.addObject().put("op", "add").put("path", "/spec/remoteWrite").set("value", list);
        }
    }
}
