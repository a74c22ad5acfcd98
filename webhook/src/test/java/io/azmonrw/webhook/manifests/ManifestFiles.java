package io.azmonrw.webhook.manifests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the repository's manifests: multi-document YAML into typed fabric8 objects, kustomizations into maps. */
final class ManifestFiles {
    static final KubernetesSerialization K8S = new KubernetesSerialization();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DOC_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private ManifestFiles() {}

    /** The checkout's root: the first parent of the working directory holding manifests/ and certs/. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("manifests")) && Files.isDirectory(p.resolve("certs"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(
                "no manifests/ and certs/ above " + Path.of("").toAbsolutePath());
    }

    static List<String> documents(String yaml) {
        var out = new ArrayList<String>();
        for (String doc : DOC_SEPARATOR.split(yaml)) {
            if (doc.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))) {
                out.add(doc);
            }
        }
        return out;
    }

    static List<HasMetadata> objects(String yaml) {
        return documents(yaml).stream()
                .map(d -> K8S.unmarshal(d, HasMetadata.class))
                .toList();
    }

    static List<HasMetadata> objects(Path file) {
        return objects(read(file));
    }

    static Map<String, Object> yamlMap(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = YAML.readValue(file.toFile(), Map.class);
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The objects a kustomization's resources name, recursively, without patches applied (kubectl not needed), and
     * the ConfigMaps of its configMapGenerator under their unhashed names.
     */
    static List<HasMetadata> resources(Path kustomizationDir) {
        var out = new ArrayList<HasMetadata>();
        for (String r : listed(kustomizationDir, "resources")) {
            Path p = kustomizationDir.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(resources(p));
            } else {
                out.addAll(objects(p));
            }
        }
        out.addAll(generatedConfigMaps(kustomizationDir));
        return out;
    }

    /** configMapGenerator entries with {@code envs} files and {@code literals}, as kustomize reads them. */
    static List<ConfigMap> generatedConfigMaps(Path kustomizationDir) {
        Object value = yamlMap(kustomizationDir.resolve("kustomization.yaml")).get("configMapGenerator");
        var out = new ArrayList<ConfigMap>();
        if (!(value instanceof Collection<?> items)) {
            return out;
        }
        for (Object item : items) {
            Map<?, ?> g = (Map<?, ?>) item;
            Map<String, String> data = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            if (g.get("envs") instanceof Collection<?> envs) {
                envs.forEach(e -> lines.addAll(
                        read(kustomizationDir.resolve((String) e)).lines().toList()));
            }
            if (g.get("literals") instanceof Collection<?> literals) {
                literals.forEach(l -> lines.add((String) l));
            }
            for (String line : lines) {
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                data.put(line.substring(0, eq), line.substring(eq + 1));
            }
            out.add(new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName((String) g.get("name"))
                    .withNamespace((String) g.get("namespace"))
                    .endMetadata()
                    .withData(data)
                    .build());
        }
        return out;
    }

    /** String entries of a kustomization list field; for {@code patches}, their {@code path}s (inline patches skipped). */
    static List<String> listed(Path kustomizationDir, String field) {
        Object value = yamlMap(kustomizationDir.resolve("kustomization.yaml")).get(field);
        if (!(value instanceof Collection<?> items)) {
            return List.of();
        }
        var out = new ArrayList<String>();
        for (Object item : items) {
            if (item instanceof String s) {
                out.add(s);
            } else if (item instanceof Map<?, ?> m && m.get("path") instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    static List<Path> kustomizationDirs(Path manifests) {
        try (Stream<Path> s = Files.walk(manifests)) {
            return s.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> all = ofKind(objects, type);
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + ", found " + all.size());
        }
        return all.get(0);
    }

    static <T extends HasMetadata> Optional<T> named(List<HasMetadata> objects, Class<T> type, String name) {
        return ofKind(objects, type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst();
    }

    /**
     * Every field the typed model did not recognise, as "path: names". fabric8 keeps unknown YAML keys in each model
     * object's additionalProperties, so a misspelled field shows up there instead of failing the parse.
     */
    static List<String> unknownFields(Object root) {
        var found = new ArrayList<String>();
        walk(root, root == null ? "" : root.getClass().getSimpleName(), found, 0);
        return found;
    }

    private static void walk(Object o, String path, List<String> found, int depth) {
        if (o == null || depth > 60) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                walk(e.getValue(), path + "[" + e.getKey() + "]", found, depth + 1);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            if (!(name.startsWith("get") || name.startsWith("is")) || name.equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else if (value != o) {
                walk(value, path + "." + fieldName(name), found, depth + 1);
            }
        }
    }

    private static String fieldName(String getter) {
        String s = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
