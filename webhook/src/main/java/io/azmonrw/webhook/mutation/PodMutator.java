package io.azmonrw.webhook.mutation;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.Contract.ProxyEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Pod into the same Pod with the proxy injected, exactly as docs/design.md, What the webhook injects, lists:
 * the workload-identity label, the {@code azmon-rw.io/proxy: injected} label, the {@code prom-remotewrite} container
 * (native sidecar or plain container), the token and tmp volumes, the status annotation, and the CA bundle volume when
 * configured. Pure: no I/O, the input is never modified.
 */
public final class PodMutator {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** A deep copy of {@code pod} with the injection applied. */
    public Pod mutate(Pod pod, InjectionSpec spec) {
        return apply(SERIALIZATION.clone(pod), spec);
    }

    /**
     * Injects into {@code out} in place. Only replaces references (labels, annotations, the container and volume
     * lists, a missing metadata or spec) and never modifies an existing element, so {@code out} may share its
     * elements with another pod.
     */
    Pod apply(Pod out, InjectionSpec spec) {
        ObjectMeta meta = out.getMetadata() == null ? new ObjectMeta() : out.getMetadata();
        out.setMetadata(meta);
        Map<String, String> labels =
                meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(Keys.WI_USE, "true");
        // lets a PodMonitor select the injected pods (and only those) to scrape the proxy
        labels.put(Keys.PROXY, Keys.PROXY_INJECTED);
        meta.setLabels(labels);
        Map<String, String> annotations =
                meta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
        annotations.put(
                Keys.STATUS,
                InjectionStatus.json(
                        spec.version(),
                        spec.nativeSidecar(),
                        volumes(spec).stream().map(Volume::getName).toList()));
        meta.setAnnotations(annotations);

        PodSpec podSpec = out.getSpec() == null ? new PodSpec() : out.getSpec();
        out.setSpec(podSpec);
        Container proxy = container(spec);
        if (spec.nativeSidecar()) {
            // last, so that every existing init container (init-config-reloader also listens on :8081) has finished
            List<Container> init = new ArrayList<>(nullToEmpty(podSpec.getInitContainers()));
            init.add(proxy);
            podSpec.setInitContainers(init);
        } else {
            List<Container> containers = new ArrayList<>(nullToEmpty(podSpec.getContainers()));
            containers.add(proxy);
            podSpec.setContainers(containers);
        }
        List<Volume> volumes = new ArrayList<>(nullToEmpty(podSpec.getVolumes()));
        Set<String> volumeNames = new LinkedHashSet<>();
        volumes.forEach(v -> volumeNames.add(v.getName()));
        for (Volume v : volumes(spec)) {
            // a volume of the same name left over from an earlier injection is reused, never duplicated
            if (!volumeNames.contains(v.getName())) {
                volumes.add(v);
            }
        }
        podSpec.setVolumes(volumes);
        return out;
    }

    /** The volumes the proxy mounts, in the order they are appended. */
    static List<Volume> volumes(InjectionSpec spec) {
        List<Volume> v = new ArrayList<>(List.of(tokenVolume(), tmpVolume()));
        spec.extras().caBundleConfigMap().ifPresent(cm -> v.add(caBundleVolume(cm)));
        return v;
    }

    static Container container(InjectionSpec spec) {
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                new VolumeMountBuilder()
                        .withName(Injection.TOKEN_VOLUME)
                        .withMountPath(Injection.TOKEN_MOUNT_PATH)
                        .withReadOnly(true)
                        .build(),
                new VolumeMountBuilder()
                        .withName(Injection.TMP_VOLUME)
                        .withMountPath(Injection.TMP_MOUNT_PATH)
                        .build()));
        if (spec.extras().caBundleConfigMap().isPresent()) {
            mounts.add(new VolumeMountBuilder()
                    .withName(Injection.CA_BUNDLE_VOLUME)
                    .withMountPath(Injection.CA_BUNDLE_MOUNT_PATH)
                    .withReadOnly(true)
                    .build());
        }
        ContainerBuilder b = new ContainerBuilder()
                .withName(Injection.CONTAINER_NAME)
                .withImage(spec.image())
                .addNewPort()
                .withName(Injection.PORT_NAME)
                .withContainerPort(spec.port())
                .withProtocol("TCP")
                .endPort()
                .withEnv(env(spec))
                .withResources(spec.resources())
                .withVolumeMounts(mounts)
                .withLivenessProbe(probe(Injection.HEALTH_PATH))
                .withReadinessProbe(probe(Injection.READY_PATH))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext();
        if (spec.nativeSidecar()) {
            b.withRestartPolicy("Always");
        }
        return b.build();
    }

    static List<EnvVar> env(InjectionSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ProxyEnv.INGESTION_URL, spec.ingestionUrl());
        env.put(ProxyEnv.LISTENING_PORT, Integer.toString(spec.port()));
        env.put(ProxyEnv.IDENTITY_TYPE, ProxyEnv.IDENTITY_TYPE_WORKLOAD);
        env.put(ProxyEnv.AZURE_CLIENT_ID, spec.clientId());
        spec.tenantId().ifPresent(t -> env.put(ProxyEnv.AZURE_TENANT_ID, t));
        env.put(ProxyEnv.AZURE_FEDERATED_TOKEN_FILE, Injection.TOKEN_FILE);
        env.put(ProxyEnv.AZURE_AUTHORITY_HOST, spec.authorityHost());
        env.put(ProxyEnv.CLOUD, spec.cloud());
        spec.audience().ifPresent(a -> env.put(ProxyEnv.INGESTION_AAD_AUDIENCE, a));
        spec.extras().cluster().ifPresent(c -> env.put(ProxyEnv.CLUSTER, c));
        spec.extras().caBundleFile().ifPresent(f -> env.put(ProxyEnv.CA_BUNDLE_FILE, f));
        List<EnvVar> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
        for (EnvVar extra : spec.extras().extraEnv()) {
            // config validation already refuses the names above; this keeps that true for any spec built by hand
            if (!env.containsKey(extra.getName())) {
                out.add(extra);
            }
        }
        return out;
    }

    private static Probe probe(String path) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(Injection.PORT_NAME))
                .endHttpGet()
                .build();
    }

    static Volume tokenVolume() {
        return new VolumeBuilder()
                .withName(Injection.TOKEN_VOLUME)
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withAudience(Injection.TOKEN_AUDIENCE)
                .withExpirationSeconds(Injection.TOKEN_EXPIRATION_SECONDS)
                .withPath(Injection.TOKEN_FILE_NAME)
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .build();
    }

    static Volume tmpVolume() {
        return new VolumeBuilder()
                .withName(Injection.TMP_VOLUME)
                .withNewEmptyDir()
                .withMedium("Memory")
                .withSizeLimit(new io.fabric8.kubernetes.api.model.Quantity(Injection.TMP_SIZE_LIMIT))
                .endEmptyDir()
                .build();
    }

    /**
     * optional: the ConfigMap lives in each Prometheus pod's own namespace, and a missing one must not hold the whole
     * pod in ContainerCreating; the proxy then refuses to start with one line naming CA_BUNDLE_FILE, and starts by
     * itself on a later restart once the ConfigMap exists (the kubelet fills an optional volume when it appears).
     */
    static Volume caBundleVolume(String configMap) {
        return new VolumeBuilder()
                .withName(Injection.CA_BUNDLE_VOLUME)
                .withNewConfigMap()
                .withName(configMap)
                .withOptional(true)
                .endConfigMap()
                .build();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
