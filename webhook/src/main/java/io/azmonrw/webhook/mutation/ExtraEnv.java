package io.azmonrw.webhook.mutation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.logging.OneLine;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses PROXY_EXTRA_ENV, a JSON array of Kubernetes EnvVar objects ({@code [{"name":"HTTPS_PROXY","value":"..."}]}),
 * once at start-up, so that a mistake stops the webhook with one line instead of reaching the API server in a patch.
 */
public final class ExtraEnv {
    /** Bounds the config value: a few proxies' worth of settings, never a whole file pasted in by mistake. */
    public static final int MAX_CHARS = 16 * 1024;

    public static final int MAX_ENTRIES = 64;
    /** The env vars the webhook sets itself in the proxy: PROXY_EXTRA_ENV may not name them. */
    public static final Set<String> SET_BY_WEBHOOK = Set.of(
            ProxyEnv.INGESTION_URL,
            ProxyEnv.LISTENING_PORT,
            ProxyEnv.IDENTITY_TYPE,
            ProxyEnv.AZURE_CLIENT_ID,
            ProxyEnv.AZURE_TENANT_ID,
            ProxyEnv.AZURE_FEDERATED_TOKEN_FILE,
            ProxyEnv.AZURE_AUTHORITY_HOST,
            ProxyEnv.CLOUD,
            ProxyEnv.INGESTION_AAD_AUDIENCE,
            ProxyEnv.CLUSTER,
            ProxyEnv.CA_BUNDLE_FILE);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The API server's rule for env var names (any printable but '='), narrowed to what a shell can also export. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private static final Set<String> FIELDS = Set.of("name", "value", "valueFrom");
    private static final Set<String> SOURCES =
            Set.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef");

    private ExtraEnv() {}

    /**
     * An unmodifiable copy whose {@code toString} shows the names only: the config is logged at start-up, and a value
     * may hold a credential (an HTTPS_PROXY with a password).
     */
    public static List<EnvVar> redacted(List<EnvVar> vars) {
        List<EnvVar> copy = List.copyOf(vars);
        return new AbstractList<>() {
            @Override
            public EnvVar get(int index) {
                return copy.get(index);
            }

            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public String toString() {
                return copy.stream()
                        .map(v -> v.getName() + (v.getValueFrom() == null ? "=(hidden)" : "=(valueFrom)"))
                        .toList()
                        .toString();
            }
        };
    }

    /** @throws IllegalArgumentException with one line naming the first bad entry */
    public static List<EnvVar> parse(String json) {
        if (json.length() > MAX_CHARS) {
            throw new IllegalArgumentException("is " + json.length() + " characters long; at most " + MAX_CHARS);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON: " + OneLine.of(e.getOriginalMessage())
                    + "; expected an array like [{\"name\":\"HTTPS_PROXY\",\"value\":\"http://proxy:3128\"}]");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(
                    "must be a JSON array of EnvVar objects like [{\"name\":\"LOG_LEVEL\",\"value\":\"DEBUG\"}]");
        }
        if (root.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("has " + root.size() + " entries; at most " + MAX_ENTRIES);
        }
        List<EnvVar> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(entry(root.get(i), i, seen));
        }
        return redacted(out);
    }

    private static EnvVar entry(JsonNode e, int i, Set<String> seen) {
        String where = "entry " + i;
        if (!e.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(
                        where + " has an unknown field '" + f + "' (allowed: name, value, valueFrom)");
            }
        }
        JsonNode name = e.get("name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            throw new IllegalArgumentException(
                    where + " needs a \"name\" like HTTPS_PROXY (letters, digits, '_', '.', '-')");
        }
        String n = name.asText();
        where = where + " (" + n + ")";
        if (SET_BY_WEBHOOK.contains(n)) {
            throw new IllegalArgumentException(
                    where + " is set by the webhook itself; use the webhook's own setting for it");
        }
        if (!seen.add(n)) {
            throw new IllegalArgumentException(where + " appears twice");
        }
        JsonNode value = e.get("value");
        JsonNode from = e.get("valueFrom");
        if (value != null && from != null) {
            throw new IllegalArgumentException(where + " has both value and valueFrom");
        }
        if (value != null && !value.isTextual()) {
            throw new IllegalArgumentException(where + ": value must be a string (quote numbers and booleans)");
        }
        if (from != null) {
            if (!from.isObject()
                    || from.size() != 1
                    || !SOURCES.contains(from.fieldNames().next())) {
                throw new IllegalArgumentException(where + ": valueFrom must hold exactly one of "
                        + String.join(", ", SOURCES.stream().sorted().toList()));
            }
            EnvVarSource source;
            try {
                source = SERIALIZATION.convertValue(from, EnvVarSource.class);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(where + ": valueFrom: " + OneLine.of(ex));
            }
            return new EnvVar(n, null, source);
        }
        return new EnvVar(n, value == null ? "" : value.asText(), null);
    }
}
