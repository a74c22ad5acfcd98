package io.azmonrw.webhook.check;

import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.webhook.selection.LabelSelector;
import io.azmonrw.webhook.selection.Selection;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code check} needs of the installed webhook's configuration, read from its env ConfigMap (the defaults of
 * design.md where the ConfigMap is missing or unreadable) and its Deployment's image tag (its version).
 */
record WebhookSettings(String namespace, String name, Map<String, String> env, Optional<String> version) {
    String get(String key, String fallback) {
        String v = env.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    String certSecretName() {
        return get(WebhookEnv.CERT_SECRET_NAME, "azmon-rw-webhook-tls");
    }

    String webhookConfigName() {
        return get(WebhookEnv.WEBHOOK_CONFIG_NAME, name);
    }

    String certMode() {
        return get(WebhookEnv.CERT_MODE, "files");
    }

    int proxyPort() {
        try {
            return Integer.parseInt(get(WebhookEnv.PROXY_PORT, "8081"));
        } catch (NumberFormatException e) {
            return 8081;
        }
    }

    Optional<String> defaultClientId() {
        return Optional.ofNullable(env.get(WebhookEnv.DEFAULT_CLIENT_ID)).filter(s -> !s.isBlank());
    }

    Optional<String> defaultTenantId() {
        return Optional.ofNullable(env.get(WebhookEnv.DEFAULT_TENANT_ID)).filter(s -> !s.isBlank());
    }

    LabelSelector podSelector() {
        try {
            return LabelSelector.parse(get(WebhookEnv.PROMETHEUS_POD_SELECTOR, Keys.DEFAULT_PROMETHEUS_POD_SELECTOR));
        } catch (IllegalArgumentException e) {
            return LabelSelector.parse(Keys.DEFAULT_PROMETHEUS_POD_SELECTOR);
        }
    }

    /** The namespaces the webhook never injects, as WebhookConfig computes them. */
    Set<String> excludedNamespaces() {
        Set<String> out = new LinkedHashSet<>(Keys.ALWAYS_EXCLUDED_NAMESPACES);
        Arrays.stream(get(WebhookEnv.EXCLUDED_NAMESPACES, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(out::add);
        out.add(namespace);
        return out;
    }

    Selection selection() {
        return new Selection(podSelector(), excludedNamespaces());
    }
}
