package io.azmonrw.webhook.check;

import io.azmonrw.common.tls.Pem;
import io.azmonrw.webhook.certs.CertificateBundle;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The install half of {@code check}: Deployment, Service endpoints, MutatingWebhookConfiguration, caBundle and certificate. */
final class InstallChecks {
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final KubernetesClient client;
    private final Clock clock;
    private final Checklist list;

    InstallChecks(KubernetesClient client, Clock clock, Checklist list) {
        this.client = client;
        this.clock = clock;
        this.list = list;
    }

    /** Why a read failed, in a few words: forbidden (RBAC) or what the API server said. */
    static String why(KubernetesClientException e) {
        if (e.getCode() == 403) {
            return "forbidden (403)";
        }
        String m = String.valueOf(e.getMessage());
        return "HTTP " + e.getCode() + ": " + (m.length() > 160 ? m.substring(0, 160) + "..." : m);
    }

    /** The fix for a failed read: the permission for a 403, a retry otherwise. */
    static String readFix(KubernetesClientException e, String verb, String resource, String namespace) {
        return e.getCode() == 403
                ? rbacFix(verb, resource, namespace)
                : "retry; if it persists, kubectl get " + resource.split(" ")[0]
                        + (namespace == null ? "" : " -n " + namespace) + " shows the same error";
    }

    static String rbacFix(String verb, String resource, String namespace) {
        return "your kubeconfig user needs '" + verb + "' on " + resource
                + (namespace == null ? "" : " in namespace " + namespace) + " (see webhook/README.md, check)";
    }

    WebhookSettings run(String ns, String name) {
        Optional<Deployment> deployment = deployment(ns, name);
        Optional<String> version = deployment.flatMap(InstallChecks::imageTag);
        Map<String, String> env = Map.of();
        String configMap = deployment.flatMap(InstallChecks::configMapName).orElse(name + "-env");
        try {
            ConfigMap cm =
                    client.configMaps().inNamespace(ns).withName(configMap).get();
            env = cm == null || cm.getData() == null ? Map.of() : Map.copyOf(cm.getData());
        } catch (KubernetesClientException e) {
            list.warn(
                    "webhook config",
                    "ConfigMap " + ns + "/" + configMap,
                    "cannot read it, " + why(e) + ": docs/design.md defaults assumed",
                    readFix(e, "get", "configmaps", ns));
        }
        WebhookSettings settings = new WebhookSettings(ns, name, env, version);
        service(ns, name);
        Optional<List<X509Certificate>> cas = webhookConfiguration(settings);
        servingCertificate(settings, cas);
        return settings;
    }

    /**
     * The ConfigMap the webhook's Deployment reads its environment from: kustomize generates it with a content hash in
     * its name ({@code <name>-env-<hash>}), so the name comes from the Deployment's envFrom, not from a convention.
     */
    private static Optional<String> configMapName(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getEnvFrom() == null ? java.util.stream.Stream.empty() : c.getEnvFrom().stream())
                .filter(e -> e.getConfigMapRef() != null && e.getConfigMapRef().getName() != null)
                .map(e -> e.getConfigMapRef().getName())
                .findFirst();
    }

    /** The webhook's version: its image's tag. */
    private static Optional<String> imageTag(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        String image = containers.isEmpty() ? "" : containers.get(0).getImage();
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? Optional.of(image.substring(colon + 1)) : Optional.empty();
    }

    /** Reads the webhook's Deployment once, reporting its readiness. */
    private Optional<Deployment> deployment(String ns, String name) {
        String subject = "Deployment " + ns + "/" + name;
        try {
            Deployment d =
                    client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d == null) {
                list.fail(
                        "webhook",
                        subject,
                        "not found",
                        "install the webhook (kubectl apply -k manifests/self-managed, or the Helm chart),"
                                + " or pass --webhook-namespace/--webhook-name");
                return Optional.empty();
            }
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                    ? 0
                    : d.getStatus().getReadyReplicas();
            List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
            String image = containers.isEmpty() ? "" : containers.get(0).getImage();
            String detail = ready + "/" + want + " replicas ready, image " + image;
            String fix = "kubectl -n " + ns + " describe deployment/" + name + "; kubectl -n " + ns
                    + " logs deployment/" + name;
            if (ready == 0) {
                list.fail(
                        "webhook", subject, detail + ": pods created now are not injected (failurePolicy Ignore)", fix);
            } else if (ready < want) {
                list.warn("webhook", subject, detail, fix);
            } else {
                list.ok("webhook", subject, detail);
            }
            return Optional.of(d);
        } catch (KubernetesClientException e) {
            list.fail("webhook", subject, "cannot read it, " + why(e), readFix(e, "get", "deployments.apps", ns));
            return Optional.empty();
        }
    }

    private void service(String ns, String name) {
        String subject = "Service " + ns + "/" + name;
        try {
            Service s = client.services().inNamespace(ns).withName(name).get();
            if (s == null) {
                list.fail(
                        "webhook service",
                        subject,
                        "not found: the API server cannot call the webhook",
                        "install the webhook's Service");
                return;
            }
            List<EndpointSlice> slices = client.discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(ns)
                    .withLabel("kubernetes.io/service-name", name)
                    .list()
                    .getItems();
            long ready = slices.stream()
                    .flatMap(sl ->
                            sl.getEndpoints() == null ? java.util.stream.Stream.empty() : sl.getEndpoints().stream())
                    .filter(ep -> ep.getConditions() == null
                            || !Boolean.FALSE.equals(ep.getConditions().getReady()))
                    .count();
            if (ready == 0) {
                list.fail(
                        "webhook service",
                        subject,
                        "no ready endpoints: admissions fail and pods start without the proxy",
                        "kubectl -n " + ns + " get pods -l app.kubernetes.io/name=" + name
                                + "; check the Service selector");
            } else {
                list.ok("webhook service", subject, ready + " ready endpoint" + (ready == 1 ? "" : "s"));
            }
        } catch (KubernetesClientException e) {
            list.fail(
                    "webhook service",
                    subject,
                    "cannot read it, " + why(e),
                    readFix(e, "get", "services and list endpointslices", ns));
        }
    }

    private Optional<List<X509Certificate>> webhookConfiguration(WebhookSettings s) {
        String subject = "MutatingWebhookConfiguration " + s.webhookConfigName();
        try {
            MutatingWebhookConfiguration mwc = client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(s.webhookConfigName())
                    .get();
            if (mwc == null || mwc.getWebhooks() == null || mwc.getWebhooks().isEmpty()) {
                list.fail(
                        "webhook config",
                        subject,
                        "not found: no pod is sent to the webhook",
                        "install the webhook's MutatingWebhookConfiguration");
                return Optional.empty();
            }
            MutatingWebhook w = mwc.getWebhooks().get(0);
            String ca = w.getClientConfig() == null ? null : w.getClientConfig().getCaBundle();
            if (ca == null || ca.isBlank()) {
                list.fail(
                        "webhook config",
                        subject,
                        "no caBundle: the API server cannot trust the webhook, every pod starts without the proxy",
                        "self-managed".equals(s.certMode())
                                ? "the webhook sets it itself: kubectl -n " + s.namespace() + " logs deployment/"
                                        + s.name()
                                : "cert-manager: annotate it with cert-manager.io/inject-ca-from; otherwise set webhooks[].clientConfig.caBundle"
                                        + " to the base64 PEM of the CA");
                return Optional.empty();
            }
            List<X509Certificate> certs =
                    Pem.parseCertificates(new String(Base64.getDecoder().decode(ca.trim()), StandardCharsets.UTF_8));
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
            list.ok(
                    "webhook config",
                    subject,
                    "present, failurePolicy " + w.getFailurePolicy() + ", caBundle with " + certs.size()
                            + " certificate" + (certs.size() == 1 ? "" : "s"));
            return Optional.of(certs);
        } catch (KubernetesClientException e) {
            list.fail(
                    "webhook config",
                    subject,
                    "cannot read it, " + why(e),
                    readFix(e, "get", "mutatingwebhookconfigurations", null));
        } catch (IllegalArgumentException | CertificateException e) {
            list.fail(
                    "webhook config",
                    subject,
                    "caBundle is not a base64 PEM certificate: " + e.getMessage(),
                    "set caBundle to the base64 PEM of the CA");
        }
        return Optional.empty();
    }

    private void servingCertificate(WebhookSettings s, Optional<List<X509Certificate>> cas) {
        String subject = "Secret " + s.namespace() + "/" + s.certSecretName();
        X509Certificate leaf;
        try {
            Secret secret = client.secrets()
                    .inNamespace(s.namespace())
                    .withName(s.certSecretName())
                    .get();
            String pem = secret == null || secret.getData() == null
                    ? null
                    : secret.getData().get(CertificateBundle.CERT_KEY);
            if (pem == null || pem.isBlank()) {
                list.fail(
                        "serving certificate",
                        subject,
                        secret == null ? "not found" : "has no " + CertificateBundle.CERT_KEY,
                        "self-managed".equals(s.certMode())
                                ? "the webhook writes it: kubectl -n " + s.namespace() + " logs deployment/" + s.name()
                                : "create it (certs/ script, or cert-manager's Certificate)");
                return;
            }
            leaf = Pem.parseCertificates(new String(Base64.getDecoder().decode(pem.trim()), StandardCharsets.UTF_8))
                    .get(0);
        } catch (KubernetesClientException e) {
            list.warn(
                    "serving certificate",
                    subject,
                    "cannot read it, " + why(e) + ": caBundle and expiry not checked",
                    readFix(e, "get", "secrets", s.namespace()));
            return;
        } catch (IllegalArgumentException | IndexOutOfBoundsException | CertificateException e) {
            list.fail(
                    "serving certificate",
                    subject,
                    CertificateBundle.CERT_KEY + " is not a PEM certificate",
                    "re-create the Secret");
            return;
        }
        cas.ifPresent(bundle -> {
            if (bundle.stream().noneMatch(ca -> signedBy(leaf, ca))) {
                list.fail(
                        "serving certificate",
                        subject,
                        "the caBundle of the MutatingWebhookConfiguration does not verify it: the API server"
                                + " rejects the webhook's TLS",
                        "put the CA that issued " + CertificateBundle.CERT_KEY + " into caBundle (or re-issue both)");
            } else {
                list.ok("serving certificate", subject, "verified by the caBundle");
            }
        });
        Instant now = clock.instant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long days = Duration.between(now, notAfter).toDays();
        String date = notAfter.truncatedTo(ChronoUnit.SECONDS).toString();
        String renew = "self-managed".equals(s.certMode())
                ? "the webhook renews it itself: check its logs"
                : "renew it (certs/ script, or cert-manager)";
        if (!notAfter.isAfter(now)) {
            list.fail(
                    "certificate expiry",
                    subject,
                    "expired on " + date + ": the API server rejects the webhook's TLS",
                    renew);
        } else if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            list.warn("certificate expiry", subject, "expires on " + date + " (" + days + " days)", renew);
        } else {
            list.ok("certificate expiry", subject, "valid until " + date + " (" + days + " days)");
        }
    }

    private static boolean signedBy(X509Certificate leaf, X509Certificate ca) {
        try {
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
