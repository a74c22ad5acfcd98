package io.azmonrw.webhook.manifests;

import static io.azmonrw.webhook.manifests.ManifestFiles.named;
import static io.azmonrw.webhook.manifests.ManifestFiles.ofKind;
import static io.azmonrw.webhook.manifests.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every install (the base, and each overlay once built) must satisfy. Expected values come from docs/design.md
 * (through common's Contract), the restricted Pod Security Standard and the RBAC list, not from the manifests.
 */
final class ManifestInvariants {
    static final String CONFIG_MAP = "azmon-rw-webhook-env";
    static final String MUTATE_PATH = "/mutate";
    /** The restricted profile's allowed volume types (Pod Security Standards, "Volume Types"). */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

    /** One RBAC permission: group, resource, verb and resource name ("*" when the rule names none). */
    record Grant(String group, String resource, String verb, String name) {}

    /** What issue 5 item 1 allows every mode. */
    static final Set<Grant> BASE_GRANTS = grants(
            List.of(""),
            List.of("serviceaccounts", "namespaces", "nodes"),
            List.of("get", "list", "watch"),
            List.of("*"));

    static final Set<Grant> EVENT_GRANTS =
            grants(List.of("", "events.k8s.io"), List.of("events"), List.of("create", "patch"), List.of("*"));
    /** Issue 14: the reconciler reads pods (label-selected informers) and holds a Lease (a Role in its own namespace). */
    static final Set<Grant> RECONCILER_GRANTS = union(
            grants(List.of(""), List.of("pods"), List.of("get", "list", "watch"), List.of("*")),
            grants(
                    List.of("coordination.k8s.io"),
                    List.of("leases"),
                    List.of("get", "create", "update"),
                    List.of("*")));
    /** Issue 14, HEAL_MODE=evict only: the Eviction API, never delete. */
    static final Set<Grant> EVICT_GRANTS =
            grants(List.of(""), List.of("pods/eviction"), List.of("create"), List.of("*"));

    private ManifestInvariants() {}

    private static Set<Grant> union(Set<Grant> a, Set<Grant> b) {
        var out = new HashSet<Grant>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    static Set<Grant> grants(List<String> groups, List<String> resources, List<String> verbs, List<String> names) {
        var out = new HashSet<Grant>();
        for (String g : groups) {
            for (String r : resources) {
                for (String v : verbs) {
                    for (String n : names) {
                        out.add(new Grant(g, r, v, n));
                    }
                }
            }
        }
        return out;
    }

    static Map<String, String> env(List<HasMetadata> objects) {
        return configMap(objects).getData();
    }

    /**
     * The webhook's ConfigMap: the one its container's envFrom names (kustomize generates it as
     * {@code azmon-rw-webhook-env-<hash>}, the chart names it after the release), else found by the base's name.
     */
    static ConfigMap configMap(List<HasMetadata> objects) {
        List<Deployment> deployments = ofKind(objects, Deployment.class);
        if (deployments.size() == 1) {
            List<String> refs = deployments.get(0).getSpec().getTemplate().getSpec().getContainers().stream()
                    .flatMap(c -> c.getEnvFrom() == null ? Stream.empty() : c.getEnvFrom().stream())
                    .filter(e -> e.getConfigMapRef() != null)
                    .map(e -> e.getConfigMapRef().getName())
                    .toList();
            if (refs.size() == 1) {
                return named(objects, ConfigMap.class, refs.get(0))
                        .orElseThrow(() -> new AssertionError(
                                "envFrom names ConfigMap " + refs.get(0) + ", which is not rendered"));
            }
        }
        List<ConfigMap> found = ofKind(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(CONFIG_MAP)
                        || c.getMetadata().getName().matches(Pattern.quote(CONFIG_MAP) + "-[a-z0-9]{10}"))
                .toList();
        assertThat(found).as("ConfigMap " + CONFIG_MAP).hasSize(1);
        return found.get(0);
    }

    static String namespace(List<HasMetadata> objects) {
        return one(objects, Namespace.class).getMetadata().getName();
    }

    /** Everything below, for one complete install. */
    static void checkInstall(List<HasMetadata> objects, Set<Grant> allowedGrants) {
        checkNamespacedInOwnNamespace(objects);
        checkEnvNames(env(objects));
        checkWebhookConfig(objects);
        checkDeployment(objects);
        checkServiceNetworkPolicyAndPdb(objects);
        checkRbac(objects, allowedGrants);
    }

    static void checkNamespacedInOwnNamespace(List<HasMetadata> objects) {
        String ns = namespace(objects);
        assertThat(one(objects, Namespace.class).getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        for (HasMetadata o : objects) {
            if (o instanceof Namespace
                    || o instanceof ClusterRole
                    || o instanceof ClusterRoleBinding
                    || o instanceof MutatingWebhookConfiguration
                    || o instanceof PriorityClass) {
                assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind() + " is cluster-scoped")
                        .isNull();
            } else {
                assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo(ns);
            }
        }
    }

    /** Every ConfigMap key is a webhook env var of docs/design.md, Webhook environment (or a common one): a typo would be ignored. */
    static void checkEnvNames(Map<String, String> env) {
        Set<String> known = new HashSet<>();
        for (Class<?> c : List.of(Contract.WebhookEnv.class, Contract.CommonEnv.class)) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    try {
                        known.add((String) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        assertThat(known).contains(env.keySet().toArray(String[]::new));
        assertThat(env)
                .containsEntry("WEBHOOK_PORT", String.valueOf(Contract.WebhookEnv.DEFAULT_WEBHOOK_PORT))
                .containsEntry("MANAGEMENT_PORT", String.valueOf(Contract.WebhookEnv.DEFAULT_MANAGEMENT_PORT))
                .containsEntry("PROXY_PORT", String.valueOf(Contract.Injection.DEFAULT_PROXY_PORT))
                .containsEntry("PROMETHEUS_POD_SELECTOR", Contract.Keys.DEFAULT_PROMETHEUS_POD_SELECTOR);
        assertThat(env.get("CERT_MODE")).isIn("files", "self-managed");
        assertThat(env).doesNotContainKey("POD_NAMESPACE"); // from the Downward API, never a constant
        assertThat(env).doesNotContainKey("POD_NAME");
        // PROXY_IMAGE: the kustomize base leaves it unset (KustomizeBuildTest) so the webhook derives it from its own
        // image; the chart sets it from the same registry value as the webhook's image (ChartChecks.checkOneRegistry)
    }

    static void checkWebhookConfig(List<HasMetadata> objects) {
        String ns = namespace(objects);
        MutatingWebhookConfiguration mwc = one(objects, MutatingWebhookConfiguration.class);
        assertThat(mwc.getMetadata().getName()).isEqualTo(env(objects).get("WEBHOOK_CONFIG_NAME"));
        assertThat(mwc.getWebhooks()).hasSize(1);
        MutatingWebhook w = mwc.getWebhooks().get(0);

        assertThat(w.getRules()).hasSize(1);
        RuleWithOperations rule = w.getRules().get(0);
        assertThat(rule.getOperations()).containsExactly("CREATE");
        assertThat(rule.getApiGroups()).containsExactly("");
        assertThat(rule.getApiVersions()).containsExactly("v1");
        assertThat(rule.getResources()).containsExactly("pods");
        assertThat(w.getSideEffects()).isEqualTo("None");
        assertThat(w.getReinvocationPolicy()).isEqualTo("IfNeeded");
        assertThat(w.getTimeoutSeconds()).isEqualTo(5);
        assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(w.getMatchPolicy()).isEqualTo("Equivalent");
        assertThat(w.getFailurePolicy())
                .as("an outage must never block pod creation")
                .isEqualTo("Ignore");

        // docs/design.md, Names and selection: namespace label opt-in, never the system namespaces nor our own
        assertThat(w.getNamespaceSelector().getMatchLabels())
                .containsExactly(
                        Map.entry(Contract.Keys.NAMESPACE_INJECTION, Contract.Keys.NAMESPACE_INJECTION_ENABLED));
        assertThat(w.getNamespaceSelector().getMatchExpressions()).hasSize(1);
        LabelSelectorRequirement nsExpr =
                w.getNamespaceSelector().getMatchExpressions().get(0);
        assertThat(nsExpr.getKey()).isEqualTo("kubernetes.io/metadata.name");
        assertThat(nsExpr.getOperator()).isEqualTo("NotIn");
        var excluded = new ArrayList<>(Contract.Keys.ALWAYS_EXCLUDED_NAMESPACES);
        excluded.add(ns);
        assertThat(nsExpr.getValues()).containsExactlyInAnyOrderElementsOf(excluded);
        // ... and an objectSelector that only drops pods labelled inject=false
        assertThat(w.getObjectSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(w.getObjectSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo(Contract.Keys.INJECT);
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactly("false");
        });

        // the API server reaches the webhook port through the Service
        var ref = w.getClientConfig().getService();
        assertThat(w.getClientConfig().getUrl()).isNull();
        assertThat(ref.getNamespace()).isEqualTo(ns);
        assertThat(ref.getPath()).isEqualTo(MUTATE_PATH);
        Service svc = named(objects, Service.class, ref.getName())
                .orElseThrow(() -> new AssertionError("no Service " + ref.getName()));
        int port = ref.getPort() == null ? 443 : ref.getPort();
        ServicePort sp = svc.getSpec().getPorts().stream()
                .filter(p -> p.getPort() == port)
                .findFirst()
                .orElseThrow(() -> new AssertionError("Service has no port " + port));
        assertThat(containerPort(webhookContainer(objects), sp.getTargetPort()))
                .isEqualTo(Integer.parseInt(env(objects).get("WEBHOOK_PORT")));
    }

    static Container webhookContainer(List<HasMetadata> objects) {
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    static int containerPort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).contains(port.getIntVal());
            return port.getIntVal();
        }
        return c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    static void checkDeployment(List<HasMetadata> objects) {
        Map<String, String> env = env(objects);
        Deployment d = one(objects, Deployment.class);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = webhookContainer(objects);

        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                .isEqualTo(new IntOrString(0));
        assertThat(pod.getTopologySpreadConstraints())
                .extracting(t -> t.getTopologyKey())
                .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        for (var t : pod.getTopologySpreadConstraints()) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(t.getLabelSelector().getMatchLabels());
        }
        assertThat(pod.getPriorityClassName()).isNotBlank();
        assertThat(named(objects, PriorityClass.class, pod.getPriorityClassName()))
                .isPresent();
        assertThat(named(objects, ServiceAccount.class, pod.getServiceAccountName()))
                .isPresent();

        checkRestricted(pod);
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");

        // probes on the management port (docs/design.md, Webhook environment: /healthz, /readyz on MANAGEMENT_PORT)
        int management = Integer.parseInt(env.get("MANAGEMENT_PORT"));
        HTTPGetAction live = c.getLivenessProbe().getHttpGet();
        HTTPGetAction ready = c.getReadinessProbe().getHttpGet();
        assertThat(live.getPath()).isEqualTo("/healthz");
        assertThat(ready.getPath()).isEqualTo("/readyz");
        assertThat(containerPort(c, live.getPort())).isEqualTo(management);
        assertThat(containerPort(c, ready.getPort())).isEqualTo(management);
        if (c.getStartupProbe() != null) {
            assertThat(containerPort(c, c.getStartupProbe().getHttpGet().getPort()))
                    .isEqualTo(management);
        }

        // env: the ConfigMap, and the namespace from the Downward API
        String configMapName = configMap(objects).getMetadata().getName();
        assertThat(c.getEnvFrom())
                .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(configMapName));
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        });
        if (!env.containsKey("PROXY_IMAGE")) {
            // the webhook derives the proxy image from its own pod, which it finds by name
            assertThat(c.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("POD_NAME");
                assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
        }

        // the TLS files live in the volume mounted at their directory; in files mode that volume is the Secret
        var tlsMount = c.getVolumeMounts().stream()
                .filter(m -> env.get("TLS_CERT_FILE").startsWith(m.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("TLS_CERT_FILE is in no mounted volume"));
        assertThat(env.get("TLS_KEY_FILE")).startsWith(tlsMount.getMountPath() + "/");
        assertThat(tlsMount.getSubPath())
                .as("subPath mounts never see Secret updates")
                .isNull();
        Volume tls = pod.getVolumes().stream()
                .filter(v -> v.getName().equals(tlsMount.getName()))
                .findFirst()
                .orElseThrow();
        if (env.get("CERT_MODE").equals("files")) {
            assertThat(tls.getSecret().getSecretName()).isEqualTo(env.get("CERT_SECRET_NAME"));
        } else {
            assertThat(tls.getEmptyDir()).as("self-managed writes its files").isNotNull();
            assertThat(tlsMount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(c.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    /** The restricted Pod Security Standard (policy "restricted", latest), plus a read-only root filesystem. */
    static void checkRestricted(PodSpec pod) {
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            Map<?, ?> asMap = ManifestFiles.K8S.convertValue(v, Map.class);
            asMap.keySet().stream()
                    .map(String::valueOf)
                    .filter(k -> !k.equals("name"))
                    .forEach(k -> assertThat(RESTRICTED_VOLUMES)
                            .as("volume " + v.getName())
                            .contains(k));
        }
        PodSecurityContext psc = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        List<Container> all = Stream.concat(
                        pod.getContainers().stream(),
                        pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream())
                .toList();
        for (Container c : all) {
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc).as(c.getName() + " securityContext").isNotNull();
            assertThat(sc.getAllowPrivilegeEscalation())
                    .as(c.getName() + " allowPrivilegeEscalation")
                    .isFalse();
            assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop())
                    .as(c.getName() + " drops ALL")
                    .contains("ALL");
            assertThat(
                            sc.getCapabilities().getAdd() == null
                                    ? List.<String>of()
                                    : sc.getCapabilities().getAdd())
                    .isSubsetOf("NET_BIND_SERVICE");
            assertThat(sc.getReadOnlyRootFilesystem())
                    .as(c.getName() + " readOnlyRootFilesystem")
                    .isTrue();
            boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                    || (sc.getRunAsNonRoot() == null && Boolean.TRUE.equals(psc.getRunAsNonRoot()));
            assertThat(nonRoot).as(c.getName() + " runAsNonRoot").isTrue();
            assertThat(sc.getRunAsUser() == null ? psc.getRunAsUser() : sc.getRunAsUser())
                    .isNotEqualTo(0L);
            var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : psc.getSeccompProfile();
            assertThat(seccomp).as(c.getName() + " seccompProfile").isNotNull();
            assertThat(seccomp.getType()).isIn("RuntimeDefault", "Localhost");
        }
    }

    static void checkServiceNetworkPolicyAndPdb(List<HasMetadata> objects) {
        Map<String, String> env = env(objects);
        Deployment d = one(objects, Deployment.class);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        Service svc = one(objects, Service.class);
        assertThat(svc.getSpec().getSelector()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());

        PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        NetworkPolicy np = one(objects, NetworkPolicy.class);
        assertThat(np.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
        var ports = np.getSpec().getIngress().stream()
                .flatMap(r -> r.getPorts().stream())
                .map(p -> containerPort(webhookContainer(objects), p.getPort()))
                .toList();
        assertThat(ports)
                .containsExactlyInAnyOrder(
                        Integer.parseInt(env.get("WEBHOOK_PORT")), Integer.parseInt(env.get("MANAGEMENT_PORT")));
    }

    /** Every permission bound to the webhook's ServiceAccount is in {@code allowed}, and the base set is granted. */
    static void checkRbac(List<HasMetadata> objects, Set<Grant> allowed) {
        String ns = namespace(objects);
        String sa =
                one(objects, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName();
        var granted = new HashSet<Grant>();
        for (ClusterRoleBinding b : ofKind(objects, ClusterRoleBinding.class)) {
            assertThat(b.getSubjects()).allSatisfy(s -> assertSubject(s, sa, ns));
            ClusterRole role =
                    named(objects, ClusterRole.class, b.getRoleRef().getName()).orElseThrow();
            granted.addAll(expand(role.getRules()));
        }
        for (RoleBinding b : ofKind(objects, RoleBinding.class)) {
            assertThat(b.getSubjects()).allSatisfy(s -> assertSubject(s, sa, ns));
            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            Role role = named(objects, Role.class, b.getRoleRef().getName()).orElseThrow();
            granted.addAll(expand(role.getRules()));
        }
        assertThat(granted).allSatisfy(g -> {
            assertThat(g.group()).isNotEqualTo("*");
            assertThat(g.resource()).isNotEqualTo("*");
            assertThat(g.verb()).isNotEqualTo("*");
        });
        assertThat(allowed).containsAll(granted);
        assertThat(granted).containsAll(BASE_GRANTS).containsAll(EVENT_GRANTS).containsAll(RECONCILER_GRANTS);
        // RECONCILER_GRANTS' cluster-wide pod reads also cover the webhook's own pod, which it reads to derive the
        // proxy image when PROXY_IMAGE is unset (kustomize); no separate own-pod Role is needed
        // no secrets beyond a named one, ever: create cannot be scoped by name
        assertThat(granted)
                .noneMatch(g -> g.resource().equals("secrets")
                        && (g.name().equals("*") || g.verb().equals("create")));
    }

    private static void assertSubject(Subject s, String sa, String ns) {
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        assertThat(s.getName()).isEqualTo(sa);
        assertThat(s.getNamespace()).isEqualTo(ns);
    }

    private static Set<Grant> expand(List<PolicyRule> rules) {
        var out = new HashSet<Grant>();
        for (PolicyRule r : rules) {
            assertThat(r.getNonResourceURLs()).isNullOrEmpty();
            List<String> names =
                    r.getResourceNames() == null || r.getResourceNames().isEmpty()
                            ? List.of("*")
                            : r.getResourceNames();
            out.addAll(grants(r.getApiGroups(), r.getResources(), r.getVerbs(), names));
        }
        return out;
    }
}
