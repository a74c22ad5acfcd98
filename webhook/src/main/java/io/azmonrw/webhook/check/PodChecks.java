package io.azmonrw.webhook.check;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.Contract.WebhookEnv;
import io.azmonrw.webhook.reconcile.PodAudit;
import io.azmonrw.webhook.selection.Selection.Decision;
import io.azmonrw.webhook.selection.Selection.Verdict;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The pod half of {@code check}: per opted-in namespace and Prometheus pod, selection, identity, token, proxy readiness, versions. */
final class PodChecks {
    private final KubernetesClient client;
    private final Checklist list;
    private final WebhookSettings settings;
    private final ProxyReadyProbe probe;
    private final Map<String, String> outdated = new TreeMap<>();
    private int injectedSeen;

    PodChecks(KubernetesClient client, Checklist list, WebhookSettings settings) {
        this.client = client;
        this.list = list;
        this.settings = settings;
        this.probe = new ProxyReadyProbe(client);
    }

    void run(CheckOptions o) {
        try {
            if (o.podName().isPresent()) {
                String ns = o.podNamespace().orElseThrow();
                if (namespace(ns)) {
                    Pod pod = client.pods()
                            .inNamespace(ns)
                            .withName(o.podName().get())
                            .get();
                    if (pod == null) {
                        list.fail("pod", ns + "/" + o.podName().get(), "not found", "kubectl get pods -n " + ns);
                    } else {
                        pod(pod);
                    }
                }
            } else if (o.namespace().isPresent()) {
                if (namespace(o.namespace().get())) {
                    pods(o.namespace().get());
                }
            } else {
                all();
            }
        } catch (KubernetesClientException e) {
            list.fail(
                    "cluster",
                    "pods",
                    "cannot read, " + InstallChecks.why(e),
                    InstallChecks.readFix(e, "get and list", "namespaces, pods and serviceaccounts", null));
        }
        versions();
    }

    private void all() {
        List<Namespace> labelled = client.namespaces()
                .withLabel(Keys.NAMESPACE_INJECTION, Keys.NAMESPACE_INJECTION_ENABLED)
                .list()
                .getItems();
        if (labelled.isEmpty()) {
            list.warn(
                    "namespaces",
                    "opted in",
                    "no namespace is labelled " + Keys.NAMESPACE_INJECTION + "=" + Keys.NAMESPACE_INJECTION_ENABLED
                            + ": nothing is injected",
                    "kubectl label namespace <prometheus namespace> " + Keys.NAMESPACE_INJECTION + "=enabled");
        }
        List<String> names =
                labelled.stream().map(n -> n.getMetadata().getName()).sorted().toList();
        for (String ns : names) {
            if (namespace(ns)) {
                pods(ns);
            }
        }
        // Prometheus pods in namespaces that are not opted in: maybe on purpose, so a warning, not a failure
        client.pods().inAnyNamespace().withLabelSelector(settings.podSelector().toString()).list().getItems().stream()
                .map(p -> p.getMetadata().getNamespace())
                .distinct()
                .filter(ns -> !names.contains(ns))
                .filter(ns -> !settings.excludedNamespaces().contains(ns))
                .sorted()
                .forEach(ns -> list.warn(
                        "namespace",
                        ns,
                        "has Prometheus pods but is not labelled " + Keys.NAMESPACE_INJECTION + "=enabled:"
                                + " they are never sent to the webhook",
                        "kubectl label namespace " + ns + " " + Keys.NAMESPACE_INJECTION + "=enabled"));
    }

    /** @return whether the namespace's pods are worth checking: not when the webhook never sees them (the line says why) */
    private boolean namespace(String ns) {
        Namespace n = client.namespaces().withName(ns).get();
        if (n == null) {
            list.fail("namespace", ns, "not found", "kubectl get namespaces");
            return false;
        }
        if (settings.excludedNamespaces().contains(ns)) {
            list.warn(
                    "namespace",
                    ns,
                    "excluded by the webhook (kube-system, its own namespace or EXCLUDED_NAMESPACES): never injected",
                    "run Prometheus in another namespace");
            return false;
        }
        Map<String, String> labels = n.getMetadata().getLabels();
        if (labels == null || !Keys.NAMESPACE_INJECTION_ENABLED.equals(labels.get(Keys.NAMESPACE_INJECTION))) {
            list.fail(
                    "namespace",
                    ns,
                    "not labelled " + Keys.NAMESPACE_INJECTION + "=enabled: its pods are never sent to the webhook",
                    "kubectl label namespace " + ns + " " + Keys.NAMESPACE_INJECTION
                            + "=enabled, then recreate its Prometheus pods");
            return false;
        }
        list.ok("namespace", ns, "opted in (" + Keys.NAMESPACE_INJECTION + "=enabled)");
        return true;
    }

    private void pods(String ns) {
        List<Pod> pods = new ArrayList<>(client.pods()
                .inNamespace(ns)
                .withLabelSelector(settings.podSelector().toString())
                .list()
                .getItems());
        client.pods().inNamespace(ns).withLabel(Keys.INJECT, "true").list().getItems().stream()
                .filter(p -> pods.stream()
                        .noneMatch(q ->
                                q.getMetadata().getName().equals(p.getMetadata().getName())))
                .forEach(pods::add);
        if (pods.isEmpty()) {
            list.warn(
                    "pods",
                    ns,
                    "no Prometheus pod (selector " + settings.podSelector() + ")",
                    "check PROMETHEUS_POD_SELECTOR against the pods' labels");
        }
        pods.stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .forEach(this::pod);
    }

    private void pod(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String subject = "pod " + ns + "/" + pod.getMetadata().getName();
        Decision d = settings.selection().decide(pod, ns, false);
        boolean injected = d.verdict() == Verdict.ALREADY_INJECTED;
        if (d.verdict() == Verdict.INJECT) {
            list.fail(
                    "injection",
                    subject,
                    "missed injection: runs without the proxy, though the webhook's decision now is '"
                            + d.verdict().reason()
                            + "' (created while the webhook was unavailable, or before the namespace was labelled)",
                    PodAudit.fixCommand(pod));
        } else if (injected) {
            String v = injectedVersion(pod);
            injectedSeen++;
            list.ok("injection", subject, "injected (" + d.verdict().reason() + ") by webhook version " + v);
            settings.version()
                    .filter(w -> !w.equals(v))
                    .ifPresent(w -> outdated.put(ns + "/" + pod.getMetadata().getName(), v));
        } else if (d.verdict() == Verdict.OPTED_OUT) {
            list.ok("injection", subject, "not injected: " + d.verdict().reason() + " (" + Keys.INJECT + "=false)");
            return;
        } else {
            list.warn(
                    "injection",
                    subject,
                    "not injected: " + d.verdict().reason()
                            + d.warning().map(w -> " (" + w + ")").orElse(""),
                    fixFor(d.verdict(), ns));
            return;
        }
        identity(pod, subject);
        if (injected) {
            tokenAudience(pod, subject);
            if (proxyReady(pod, subject)) {
                ready(pod, subject);
            }
        }
    }

    private static String fixFor(Verdict v, String ns) {
        return switch (v) {
            case NOT_SELECTED ->
                "label the pod to match PROMETHEUS_POD_SELECTOR, or set " + Keys.INJECT + "=true on it";
            case MANUAL_SIDECAR ->
                "remove the container named " + Injection.CONTAINER_NAME + " to let the webhook inject it";
            case HOST_NETWORK -> "hostNetwork pods are never injected: run the proxy by hand";
            default -> "see webhook/README.md, Selection (namespace " + ns + ")";
        };
    }

    private static String injectedVersion(Pod pod) {
        String status = pod.getMetadata().getAnnotations().get(Keys.STATUS);
        try {
            var v = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(status)
                    .path("version");
            return v.isTextual() ? v.asText() : "unknown";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private void identity(Pod pod, String subject) {
        String ns = pod.getMetadata().getNamespace();
        String saName =
                Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("default");
        Map<String, String> podAnn =
                Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of());
        ServiceAccount sa =
                client.serviceAccounts().inNamespace(ns).withName(saName).get();
        Map<String, String> saAnn = sa == null || sa.getMetadata().getAnnotations() == null
                ? Map.of()
                : sa.getMetadata().getAnnotations();
        String where = "ServiceAccount " + ns + "/" + saName;
        Optional<String> clientId = source(
                podAnn.get(Keys.CLIENT_ID),
                "pod",
                saAnn.get(Keys.WI_CLIENT_ID),
                "ServiceAccount",
                settings.defaultClientId(),
                WebhookEnv.DEFAULT_CLIENT_ID);
        Optional<String> tenant = source(
                podAnn.get(Keys.TENANT_ID),
                "pod",
                saAnn.get(Keys.WI_TENANT_ID),
                "ServiceAccount",
                settings.defaultTenantId(),
                WebhookEnv.DEFAULT_TENANT_ID);
        if (sa == null) {
            list.fail(
                    "identity", subject, where + " not found", "kubectl create serviceaccount " + saName + " -n " + ns);
        } else if (clientId.isEmpty()) {
            list.fail(
                    "identity",
                    subject,
                    where + " has no " + Keys.WI_CLIENT_ID + " annotation (nor the pod " + Keys.CLIENT_ID
                            + ", nor DEFAULT_CLIENT_ID): the webhook will not inject the proxy",
                    "kubectl annotate serviceaccount " + saName + " -n " + ns + " " + Keys.WI_CLIENT_ID
                            + "=<client id of the managed identity>");
        } else if (tenant.isEmpty()) {
            list.warn(
                    "identity",
                    subject,
                    "client-id " + clientId.get() + ", no tenant id: the proxy uses its default tenant",
                    "kubectl annotate serviceaccount " + saName + " -n " + ns + " " + Keys.WI_TENANT_ID
                            + "=<tenant id>");
        } else {
            list.ok("identity", subject, "client-id " + clientId.get() + ", tenant-id " + tenant.get());
        }
    }

    private static Optional<String> source(
            String a, String aName, String b, String bName, Optional<String> c, String cName) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a + " (" + aName + ")");
        }
        if (b != null && !b.isBlank()) {
            return Optional.of(b + " (" + bName + ")");
        }
        return c.map(v -> v + " (" + cName + ")");
    }

    private void tokenAudience(Pod pod, String subject) {
        Optional<String> audience = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).stream()
                .filter(v -> Injection.TOKEN_VOLUME.equals(v.getName()))
                .map(Volume::getProjected)
                .filter(p -> p != null && p.getSources() != null)
                .flatMap(p -> p.getSources().stream())
                .map(VolumeProjection::getServiceAccountToken)
                .filter(t -> t != null)
                .map(t -> String.valueOf(t.getAudience()))
                .findFirst();
        if (audience.isEmpty()) {
            list.fail(
                    "token volume",
                    subject,
                    "no projected token volume " + Injection.TOKEN_VOLUME,
                    PodAudit.fixCommand(pod));
        } else if (!Injection.TOKEN_AUDIENCE.equals(audience.get())) {
            list.fail(
                    "token volume",
                    subject,
                    "audience " + audience.get() + ", Entra expects " + Injection.TOKEN_AUDIENCE,
                    PodAudit.fixCommand(pod));
        } else {
            list.ok("token volume", subject, "audience " + audience.get());
        }
    }

    private boolean proxyReady(Pod pod, String subject) {
        List<ContainerStatus> statuses = pod.getStatus() == null
                ? List.of()
                : Stream.concat(
                                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream(),
                                Optional.ofNullable(pod.getStatus().getInitContainerStatuses())
                                        .orElse(List.of())
                                        .stream())
                        .toList();
        Optional<ContainerStatus> s = statuses.stream()
                .filter(c -> Injection.CONTAINER_NAME.equals(c.getName()))
                .findFirst();
        String logs = "kubectl logs -n " + pod.getMetadata().getNamespace() + " "
                + pod.getMetadata().getName() + " -c " + Injection.CONTAINER_NAME;
        if (s.isPresent() && Boolean.TRUE.equals(s.get().getReady())) {
            list.ok("proxy container", subject, "Ready");
            return true;
        }
        String state = s.map(PodChecks::state).orElse("no status yet");
        list.fail("proxy container", subject, "not Ready (" + state + ")", logs);
        return s.isPresent() && s.get().getState() != null && s.get().getState().getRunning() != null;
    }

    private static String state(ContainerStatus s) {
        if (s.getState() == null) {
            return "unknown";
        }
        if (s.getState().getWaiting() != null) {
            return "waiting: " + s.getState().getWaiting().getReason();
        }
        if (s.getState().getTerminated() != null) {
            return "terminated: " + s.getState().getTerminated().getReason();
        }
        return "running, restarts " + s.getRestartCount();
    }

    private void ready(Pod pod, String subject) {
        int port = Stream.concat(
                        Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream())
                .filter(c -> Injection.CONTAINER_NAME.equals(c.getName()))
                .map(Container::getPorts)
                .filter(p -> p != null)
                .flatMap(List::stream)
                .filter(p -> Injection.PORT_NAME.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElse(settings.proxyPort());
        ProxyReadyProbe.Ready r =
                probe.probe(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), port);
        String logs = "kubectl logs -n " + pod.getMetadata().getNamespace() + " "
                + pod.getMetadata().getName() + " -c " + Injection.CONTAINER_NAME;
        if (!r.reachable()) {
            list.warn(
                    "proxy /ready",
                    subject,
                    "cannot read it through the API server: " + r.error(),
                    InstallChecks.rbacFix("get", "pods/proxy", pod.getMetadata().getNamespace()));
            return;
        }
        String detail =
                "HTTP " + r.code() + " " + r.status() + "; token: " + (r.token() == null ? "not reported" : r.token())
                        + (r.upstream() == null ? "" : "; upstream: " + r.upstream());
        if (r.token() != null && !r.tokenUp()) {
            String sa =
                    Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("default");
            list.fail(
                    "proxy /ready",
                    subject,
                    detail,
                    "the proxy gets no Entra token: the managed identity of the client id above needs a federated"
                            + " credential for the cluster's OIDC issuer and subject system:serviceaccount:"
                            + pod.getMetadata().getNamespace() + ":" + sa
                            + "; " + logs);
        } else if (r.code() != 200 || !"UP".equals(r.status())) {
            list.fail("proxy /ready", subject, detail, logs);
        } else if (r.upstreamFailed()) {
            list.warn("proxy /ready", subject, detail, logs);
        } else {
            list.ok("proxy /ready", subject, detail);
        }
    }

    private void versions() {
        if (settings.version().isEmpty() || injectedSeen == 0) {
            return;
        }
        String w = settings.version().get();
        if (outdated.isEmpty()) {
            list.ok("versions", "proxies", injectedSeen + " injected proxies checked, all from webhook version " + w);
        } else {
            List<String> pods = outdated.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .toList();
            list.warn(
                    "versions",
                    "proxies",
                    "webhook is " + w + "; injections from other versions: " + String.join(", ", pods),
                    "recreate them (kubectl rollout restart ...) to get the current proxy");
        }
    }
}
