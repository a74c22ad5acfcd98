package io.azmonrw.webhook;

import io.azmonrw.common.logging.OneLine;
import io.azmonrw.common.service.BuildInfo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy image when PROXY_IMAGE is unset: the webhook's own image with {@code azmon-rw-webhook} replaced by
 * {@code azmon-rw-proxy} (same registry, same tag), read from the webhook's own pod at start-up, so that moving the
 * webhook image (kustomize {@code images:}, {@code kubectl set image}) moves the proxy image with it. Without a pod
 * to read (outside a cluster, the {@code inject} command) it is the release image of this build's version.
 */
public final class ProxyImage {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyImage.class);
    /** Where the release images are published: the one place the code names the registry. */
    public static final String REGISTRY = "ghcr.io/azmon-rw";

    public static final String WEBHOOK_REPOSITORY = "azmon-rw-webhook";
    public static final String PROXY_REPOSITORY = "azmon-rw-proxy";

    private ProxyImage() {}

    /** {@code ghcr.io/azmon-rw/azmon-rw-proxy:<this build's version>}. */
    public static String releaseImage() {
        return REGISTRY + "/" + PROXY_REPOSITORY + ":" + BuildInfo.version(ProxyImage.class);
    }

    /**
     * The proxy image that goes with a webhook image reference, e.g. {@code registry:5000/team/azmon-rw-webhook:1.2}
     * gives {@code registry:5000/team/azmon-rw-proxy:1.2}. A digest is dropped: it names the webhook image's content,
     * never the proxy's.
     *
     * @throws IllegalArgumentException when the repository is not azmon-rw-webhook or the image is pinned by digest alone
     */
    public static String fromWebhookImage(String image) {
        String ref = image.trim();
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        String tag = colon > slash ? ref.substring(colon) : "";
        String name = colon > slash ? ref.substring(0, colon) : ref;
        String prefix = name.substring(0, slash + 1);
        String repository = name.substring(slash + 1);
        if (!repository.equals(WEBHOOK_REPOSITORY)) {
            throw new IllegalArgumentException("the webhook image '" + image + "' is not named " + WEBHOOK_REPOSITORY);
        }
        if (digest != null && tag.isEmpty()) {
            throw new IllegalArgumentException(
                    "the webhook image '" + image + "' is pinned by digest alone, which cannot name the proxy image");
        }
        return prefix + PROXY_REPOSITORY + tag;
    }

    /** The first container image of {@code pod} named azmon-rw-webhook, turned into the proxy image. */
    public static String fromPod(Pod pod) {
        List<String> images = new ArrayList<>();
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                images.add(c.getImage());
                if (c.getImage() != null && repositoryIs(c.getImage(), WEBHOOK_REPOSITORY)) {
                    return fromWebhookImage(c.getImage());
                }
            }
        }
        throw new IllegalArgumentException(
                "no container runs an image named " + WEBHOOK_REPOSITORY + " (images: " + images + ")");
    }

    private static boolean repositoryIs(String image, String repository) {
        String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String last = ref.substring(ref.lastIndexOf('/') + 1);
        return (last.contains(":") ? last.substring(0, last.indexOf(':')) : last).equals(repository);
    }

    /**
     * {@code config} with its proxy image settled: PROXY_IMAGE when set; else derived from the pod POD_NAME in
     * POD_NAMESPACE; else the release image. Blocking (one GET): call it before deploying the verticle.
     *
     * @throws IllegalStateException with one line when the own pod cannot be read or names no webhook image
     */
    public static WebhookConfig settle(WebhookConfig config, KubernetesClient client) {
        if (config.proxyImageConfigured()) {
            return config;
        }
        if (config.podName().isEmpty() || config.podNamespace().isEmpty()) {
            LOG.info(
                    "PROXY_IMAGE unset and POD_NAME or POD_NAMESPACE unset: injecting the release image {}",
                    config.proxyImage());
            return config;
        }
        String where = config.podNamespace().get() + "/" + config.podName().get();
        Pod pod;
        try {
            pod = client.pods()
                    .inNamespace(config.podNamespace().get())
                    .withName(config.podName().get())
                    .get();
        } catch (RuntimeException e) {
            throw new IllegalStateException("PROXY_IMAGE is unset and the webhook cannot read its own pod " + where
                    + " to derive it (" + OneLine.of(e) + "); set PROXY_IMAGE or grant get on pods in "
                    + config.podNamespace().get());
        }
        if (pod == null) {
            throw new IllegalStateException(
                    "PROXY_IMAGE is unset and the webhook's own pod " + where + " was not found; set PROXY_IMAGE");
        }
        try {
            String image = fromPod(pod);
            LOG.info("PROXY_IMAGE unset: injecting {}, derived from the image of pod {}", image, where);
            return config.withProxyImage(image);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "PROXY_IMAGE is unset and cannot be derived: " + e.getMessage() + "; set PROXY_IMAGE");
        }
    }
}
