package io.azmonrw.webhook.certs;

import io.azmonrw.common.tls.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CERT_MODE=self-managed: keeps the webhook's serving certificate in its Secret, the caBundle of its own
 * MutatingWebhookConfiguration and the TLS files on disk in step, generating a new CA and certificate when needed.
 *
 * <p>{@link #ensure()} blocks on the Kubernetes API: call it off the event loop, once before the HTTPS server starts
 * and then periodically (hourly is plenty). Replicas racing are safe: the Secret is written with optimistic
 * concurrency on its resourceVersion, and a replica that loses adopts the winner's certificate.
 */
public final class SelfManagedCertificates {
    /** What {@link #ensure()} did: the certificate now served and whether anything changed. */
    public record Outcome(Action action, Instant notAfter, boolean caBundlePatched, boolean filesWritten) {}

    /** How the served certificate was obtained. */
    public enum Action {
        /** the Secret held a valid certificate */
        REUSED,
        /** this replica generated a certificate and stored it */
        GENERATED,
        /** another replica stored a certificate while this one tried to; this one uses it */
        ADOPTED
    }

    /** Makes a new CA and serving certificate; {@link CertificateGenerator#generate} unless a caller passes another. */
    @FunctionalInterface
    public interface Generator {
        /** @param previousCaPem a CA still trusted that the new caBundle keeps, or "" */
        CertificateBundle generate(
                String service, String namespace, Instant now, Duration lifetime, String previousCaPem);
    }

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);
    /** How often a caller should run {@link #ensure()}: far below the renew window, cheap (two GETs when all is well). */
    public static final Duration RECHECK_INTERVAL = Duration.ofHours(1);

    private static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(SelfManagedCertificates.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;
    private final String webhookConfigName;
    private final String serviceName;
    private final Path certFile;
    private final Path keyFile;
    private final Duration renewBefore;
    private final Duration lifetime;
    private final Clock clock;
    private final Generator generator;

    /**
     * @param serviceName the webhook Service; null or blank to read it from the first webhook's
     *                    {@code clientConfig.service} in the MutatingWebhookConfiguration
     */
    public SelfManagedCertificates(
            KubernetesClient client,
            String namespace,
            String secretName,
            String webhookConfigName,
            String serviceName,
            Path certFile,
            Path keyFile,
            Duration renewBefore,
            Clock clock) {
        this(
                client,
                namespace,
                secretName,
                webhookConfigName,
                serviceName,
                certFile,
                keyFile,
                renewBefore,
                DEFAULT_LIFETIME,
                clock,
                CertificateGenerator::generate);
    }

    public SelfManagedCertificates(
            KubernetesClient client,
            String namespace,
            String secretName,
            String webhookConfigName,
            String serviceName,
            Path certFile,
            Path keyFile,
            Duration renewBefore,
            Duration lifetime,
            Clock clock,
            Generator generator) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.secretName = Objects.requireNonNull(secretName, "secretName");
        this.webhookConfigName = Objects.requireNonNull(webhookConfigName, "webhookConfigName");
        this.serviceName = serviceName;
        this.certFile = Objects.requireNonNull(certFile, "certFile");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.renewBefore = Objects.requireNonNull(renewBefore, "renewBefore");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generator = Objects.requireNonNull(generator, "generator");
        if (lifetime.compareTo(renewBefore) <= 0) {
            throw new IllegalArgumentException(
                    "certificate lifetime " + lifetime + " must exceed renew-before " + renewBefore);
        }
    }

    /**
     * Makes the Secret hold a certificate valid beyond the renew threshold, the caBundle trust it and the TLS files
     * hold it. Blocking; throws {@link KubernetesClientException} on API errors other than a lost race, and
     * {@link UncheckedIOException} when the files cannot be written.
     */
    public Outcome ensure() {
        String service = resolveServiceName();
        String dnsName = CertificateGenerator.dnsNames(service, namespace).get(2);
        boolean lostRace = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Secret secret = secrets().get();
            Optional<CertificateBundle> stored =
                    secret == null ? Optional.empty() : CertificateBundle.fromSecretData(secret.getData());
            Optional<String> problem = stored.isEmpty()
                    ? Optional.of(
                            secret == null
                                    ? "Secret " + secretName + " does not exist"
                                    : "Secret " + secretName + " holds no certificate")
                    : stored.get().problem(now, renewBefore, dnsName);

            CertificateBundle bundle;
            Action action;
            if (problem.isEmpty()) {
                bundle = stored.get();
                action = lostRace ? Action.ADOPTED : Action.REUSED;
            } else {
                LOG.info("generating a webhook certificate for {}: {}", dnsName, problem.get());
                bundle = generator.generate(
                        service,
                        namespace,
                        now,
                        lifetime,
                        stored.map(b -> stillTrustedCa(b, now)).orElse(""));
                if (!store(secret, bundle)) {
                    LOG.info("another replica updated Secret {} first; re-reading it", secretName);
                    lostRace = true;
                    continue;
                }
                action = Action.GENERATED;
            }
            boolean patched = patchCaBundle(bundle.caBundleBase64());
            boolean written = writeFiles(bundle);
            return new Outcome(action, bundle.notAfter(), patched, written);
        }
        throw new IllegalStateException(
                "Secret " + namespace + "/" + secretName + " changed under us " + MAX_ATTEMPTS + " times in a row");
    }

    private String resolveServiceName() {
        if (serviceName != null && !serviceName.isBlank()) {
            return serviceName;
        }
        MutatingWebhookConfiguration mwc = webhookConfig().get();
        if (mwc == null
                || mwc.getWebhooks() == null
                || mwc.getWebhooks().isEmpty()
                || mwc.getWebhooks().get(0).getClientConfig() == null
                || mwc.getWebhooks().get(0).getClientConfig().getService() == null) {
            throw new IllegalStateException(
                    "MutatingWebhookConfiguration " + webhookConfigName + " names no Service; set the service name");
        }
        return mwc.getWebhooks().get(0).getClientConfig().getService().getName();
    }

    /** The current CA, kept in the new trust bundle so a replica not yet reloaded stays trusted during a rotation. */
    private static String stillTrustedCa(CertificateBundle previous, Instant now) {
        try {
            X509Certificate ca = Pem.parseCertificates(previous.caPem()).get(0);
            return now.isBefore(ca.getNotAfter().toInstant()) ? Pem.certificate(ca) : "";
        } catch (GeneralSecurityException | RuntimeException unreadable) {
            return "";
        }
    }

    /** Creates or updates the Secret on the resourceVersion read; false when another writer got there first. */
    private boolean store(Secret read, CertificateBundle bundle) {
        try {
            if (read == null) {
                // only reached when the manifests did not ship the Secret; needs RBAC create on secrets
                client.secrets()
                        .inNamespace(namespace)
                        .resource(new SecretBuilder()
                                .withNewMetadata()
                                .withName(secretName)
                                .withNamespace(namespace)
                                .addToLabels("app.kubernetes.io/name", "azmon-rw-webhook")
                                .endMetadata()
                                .withType("kubernetes.io/tls")
                                .withData(bundle.toSecretData())
                                .build())
                        .create();
            } else {
                Secret updated = new SecretBuilder(read)
                        .withData(bundle.toSecretData())
                        .withStringData(null)
                        .build();
                // update() sends the resourceVersion read above: the API server answers 409 if someone wrote since
                client.secrets().inNamespace(namespace).resource(updated).update();
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    private boolean patchCaBundle(String caBundle) {
        Resource<MutatingWebhookConfiguration> resource = webhookConfig();
        MutatingWebhookConfiguration mwc = resource.get();
        if (mwc == null) {
            throw new IllegalStateException("MutatingWebhookConfiguration " + webhookConfigName + " not found");
        }
        if (mwc.getWebhooks() == null || mwc.getWebhooks().stream().allMatch(w -> caBundle.equals(caBundleOf(w)))) {
            return false;
        }
        resource.edit(m -> {
            for (MutatingWebhook w : m.getWebhooks()) {
                if (w.getClientConfig() != null) {
                    w.getClientConfig().setCaBundle(caBundle);
                }
            }
            return m;
        });
        LOG.info("patched caBundle of MutatingWebhookConfiguration {}", webhookConfigName);
        return true;
    }

    private static String caBundleOf(MutatingWebhook w) {
        return w.getClientConfig() == null ? null : w.getClientConfig().getCaBundle();
    }

    private boolean writeFiles(CertificateBundle bundle) {
        try {
            // key first: a reloader triggered by the certificate change then finds the matching key in place
            boolean key = AtomicFiles.writeIfChanged(keyFile, bundle.keyPem(), true);
            boolean cert = AtomicFiles.writeIfChanged(certFile, bundle.certPem(), false);
            return key || cert;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + certFile + " / " + keyFile, e);
        }
    }

    private Resource<Secret> secrets() {
        return client.secrets().inNamespace(namespace).withName(secretName);
    }

    private Resource<MutatingWebhookConfiguration> webhookConfig() {
        return client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(webhookConfigName);
    }
}
