package io.azmonrw.common;

import java.util.List;

/** The public names of docs/design.md (Names and selection, What the webhook injects, The proxy): labels, annotations, env vars, paths. Changing one is a breaking change. */
public final class Contract {
    private Contract() {}

    public static final String PREFIX = "azmon-rw.io/";

    /** Labels and annotations read or written on Namespaces, Pods and ServiceAccounts (docs/design.md, Names and selection). */
    public static final class Keys {
        private Keys() {}

        public static final String NAMESPACE_INJECTION = PREFIX + "injection";
        public static final String NAMESPACE_INJECTION_ENABLED = "enabled";
        public static final String INJECT = PREFIX + "inject";
        public static final String STATUS = PREFIX + "status";
        public static final String INGESTION_URL = PREFIX + "ingestion-url";
        public static final String CLIENT_ID = PREFIX + "client-id";
        public static final String TENANT_ID = PREFIX + "tenant-id";
        public static final String PROXY_CPU_REQUEST = PREFIX + "proxy-cpu-request";
        public static final String PROXY_CPU_LIMIT = PREFIX + "proxy-cpu-limit";
        public static final String PROXY_MEMORY_REQUEST = PREFIX + "proxy-memory-request";
        public static final String PROXY_MEMORY_LIMIT = PREFIX + "proxy-memory-limit";
        public static final String NATIVE_SIDECAR = PREFIX + "native-sidecar";
        /** Pod label the webhook and {@code inject} add with the proxy, so a PodMonitor can select injected pods. */
        public static final String PROXY = PREFIX + "proxy";

        public static final String PROXY_INJECTED = "injected";

        public static final String WI_USE = "azure.workload.identity/use";
        public static final String WI_CLIENT_ID = "azure.workload.identity/client-id";
        public static final String WI_TENANT_ID = "azure.workload.identity/tenant-id";

        /** Namespaces the webhook never touches, whatever their labels say. */
        public static final List<String> ALWAYS_EXCLUDED_NAMESPACES =
                List.of("kube-system", "kube-public", "kube-node-lease");

        public static final String DEFAULT_PROMETHEUS_POD_SELECTOR =
                "app.kubernetes.io/name in (prometheus,prometheus-agent)";
    }

    /** What the webhook injects (docs/design.md, What the webhook injects). */
    public static final class Injection {
        private Injection() {}

        public static final String CONTAINER_NAME = "prom-remotewrite";
        public static final String PORT_NAME = "rw-port";
        public static final int DEFAULT_PROXY_PORT = 8081;
        public static final String TOKEN_VOLUME = "azmon-rw-token";
        public static final String TOKEN_MOUNT_PATH = "/var/run/secrets/azmon-rw/tokens";
        public static final String TOKEN_FILE_NAME = "azure-identity-token";
        public static final String TOKEN_FILE = TOKEN_MOUNT_PATH + "/" + TOKEN_FILE_NAME;
        public static final String TOKEN_AUDIENCE = "api://AzureADTokenExchange";
        public static final long TOKEN_EXPIRATION_SECONDS = 3600;
        public static final String TMP_VOLUME = "azmon-rw-tmp";
        public static final String TMP_MOUNT_PATH = "/tmp";
        public static final String TMP_SIZE_LIMIT = "64Mi";
        /**
         * The proxy container's default resources (webhook PROXY_CPU_* and PROXY_MEMORY_*); the proxy image's heap
         * share (images/proxy.flags) and AbuseIT's peak-memory check are sized against the memory limit.
         */
        public static final String DEFAULT_CPU_REQUEST = "50m";

        public static final String DEFAULT_CPU_LIMIT = "500m";
        public static final String DEFAULT_MEMORY_REQUEST = "128Mi";
        public static final String DEFAULT_MEMORY_LIMIT = "256Mi";
        /** ConfigMap volume with extra trusted CAs (webhook PROXY_CA_BUNDLE_CONFIGMAP), mounted read-only here. */
        public static final String CA_BUNDLE_VOLUME = "azmon-rw-ca";

        public static final String CA_BUNDLE_MOUNT_PATH = "/etc/azmon-rw/ca";
        public static final String HEALTH_PATH = "/health";
        public static final String READY_PATH = "/ready";
        /** Mount paths of Azure's workload-identity webhook (older and v1.6+): never used by us. */
        public static final List<String> AZURE_WI_MOUNT_PATHS =
                List.of("/var/run/secrets/azure/tokens", "/var/run/secrets/azure/wi");
    }

    /** Environment variables of the proxy (docs/design.md, Proxy environment); the webhook sets some of them in the injected container. */
    public static final class ProxyEnv {
        private ProxyEnv() {}

        public static final String INGESTION_URL = "INGESTION_URL";
        public static final String LISTENING_PORT = "LISTENING_PORT";
        public static final String LISTEN_ADDRESS = "LISTEN_ADDRESS";
        public static final String ALLOWED_WRITERS = "ALLOWED_WRITERS";
        public static final String IDENTITY_TYPE = "IDENTITY_TYPE";
        public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
        public static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";
        public static final String AZURE_FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
        public static final String AZURE_AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";
        public static final String AZURE_CLIENT_CERTIFICATE_PATH = "AZURE_CLIENT_CERTIFICATE_PATH";
        public static final String AZURE_CLIENT_CERTIFICATE_PASSWORD = "AZURE_CLIENT_CERTIFICATE_PASSWORD";
        public static final String CLOUD = "CLOUD";
        public static final String INGESTION_AAD_AUDIENCE = "INGESTION_AAD_AUDIENCE";
        public static final String AAD_HOST_ENDPOINT = "AAD_HOST_ENDPOINT";
        public static final String CLUSTER = "CLUSTER";
        public static final String TRACE_LOGGING = "TRACE_LOGGING";
        public static final String HTTPS_PROXY = "HTTPS_PROXY";
        public static final String NO_PROXY = "NO_PROXY";
        public static final String CA_BUNDLE_FILE = "CA_BUNDLE_FILE";
        public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";
        public static final String MAX_DECODED_BYTES = "MAX_DECODED_BYTES";
        public static final String MAX_INFLIGHT_BYTES = "MAX_INFLIGHT_BYTES";
        public static final String UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT";
        public static final String THROTTLED_STATUS = "THROTTLED_STATUS";
        public static final String FORBIDDEN_AS_RETRYABLE = "FORBIDDEN_AS_RETRYABLE";
        public static final String SHUTDOWN_GRACE = "SHUTDOWN_GRACE";
        public static final String ALLOW_INSECURE_UPSTREAM = "ALLOW_INSECURE_UPSTREAM";
        /** {@code on} (default) or {@code off}: check that INGESTION_URL has the Azure Monitor shape. */
        public static final String INGESTION_URL_CHECK = "INGESTION_URL_CHECK";
        /** {@code reject} (default: 415, so Prometheus falls back to RW 1.0) or {@code forward}. */
        public static final String UPSTREAM_RW2 = "UPSTREAM_RW2";
        /** After SIGTERM, keep serving until no write arrived for this long (default 5s). */
        public static final String SHUTDOWN_QUIET_PERIOD = "SHUTDOWN_QUIET_PERIOD";
        /** A client connection silent this long is closed (default 60s, longer than UPSTREAM_TIMEOUT). */
        public static final String IDLE_TIMEOUT = "IDLE_TIMEOUT";
        /** Lower-case spellings read when HTTPS_PROXY / NO_PROXY are unset, as curl and most tools do. */
        public static final String HTTPS_PROXY_LOWER_CASE = "https_proxy";

        public static final String NO_PROXY_LOWER_CASE = "no_proxy";
        public static final String IDENTITY_TYPE_WORKLOAD = "workloadIdentity";
        public static final String WRITE_PATH = "/api/v1/write";
    }

    /** Environment variables of the webhook (docs/design.md, Webhook environment). */
    public static final class WebhookEnv {
        private WebhookEnv() {}

        public static final String WEBHOOK_PORT = "WEBHOOK_PORT";
        public static final String MANAGEMENT_PORT = "MANAGEMENT_PORT";
        public static final String TLS_CERT_FILE = "TLS_CERT_FILE";
        public static final String TLS_KEY_FILE = "TLS_KEY_FILE";
        public static final String CERT_MODE = "CERT_MODE";
        public static final String CERT_SECRET_NAME = "CERT_SECRET_NAME";
        public static final String WEBHOOK_CONFIG_NAME = "WEBHOOK_CONFIG_NAME";
        public static final String POD_NAMESPACE = "POD_NAMESPACE";
        public static final String INGESTION_URL = "INGESTION_URL";
        public static final String PROXY_IMAGE = "PROXY_IMAGE";
        public static final String PROXY_PORT = "PROXY_PORT";
        public static final String DEFAULT_CLIENT_ID = "DEFAULT_CLIENT_ID";
        public static final String DEFAULT_TENANT_ID = "DEFAULT_TENANT_ID";
        public static final String CLOUD = "CLOUD";
        public static final String INGESTION_AAD_AUDIENCE = "INGESTION_AAD_AUDIENCE";
        public static final String PROXY_CPU_REQUEST = "PROXY_CPU_REQUEST";
        public static final String PROXY_CPU_LIMIT = "PROXY_CPU_LIMIT";
        public static final String PROXY_MEMORY_REQUEST = "PROXY_MEMORY_REQUEST";
        public static final String PROXY_MEMORY_LIMIT = "PROXY_MEMORY_LIMIT";
        public static final String SIDECAR_MODE = "SIDECAR_MODE";
        public static final String PROMETHEUS_POD_SELECTOR = "PROMETHEUS_POD_SELECTOR";
        public static final String EXCLUDED_NAMESPACES = "EXCLUDED_NAMESPACES";
        public static final String API_TIMEOUT = "API_TIMEOUT";
        /** Cluster name, passed to every injected proxy as its CLUSTER. */
        public static final String CLUSTER = "CLUSTER";
        /** JSON array of Kubernetes EnvVar objects added to every injected proxy (never overriding what the webhook sets). */
        public static final String PROXY_EXTRA_ENV = "PROXY_EXTRA_ENV";
        /** Name of a ConfigMap (in each Prometheus pod's namespace) with extra trusted CAs, mounted into every proxy. */
        public static final String PROXY_CA_BUNDLE_CONFIGMAP = "PROXY_CA_BUNDLE_CONFIGMAP";
        /** Key of that ConfigMap holding the PEM bundle (default ca-bundle.crt). */
        public static final String PROXY_CA_BUNDLE_KEY = "PROXY_CA_BUNDLE_KEY";
        /** {@code off}, {@code report} (default) or {@code evict}: what the reconciler does with pods that missed the proxy. */
        public static final String HEAL_MODE = "HEAL_MODE";
        /** Evictions per minute cluster-wide (default 1). */
        public static final String HEAL_RATE = "HEAL_RATE";
        /** Pods younger than this are never evicted (default 2m). */
        public static final String HEAL_MIN_AGE = "HEAL_MIN_AGE";
        /** The Entra authority host passed to the proxy; required with CLOUD=AZURECUSTOM, otherwise from CLOUD. */
        public static final String AZURE_AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";
        /** This pod's name (Downward API), to read its own image when PROXY_IMAGE is unset. */
        public static final String POD_NAME = "POD_NAME";
        /** Set by Kubernetes to the pod's name: the webhook's identity in leader election. */
        public static final String HOSTNAME = "HOSTNAME";

        public static final int DEFAULT_WEBHOOK_PORT = 8443;
        public static final int DEFAULT_MANAGEMENT_PORT = 9440;
    }

    /** Env vars every service reads. */
    public static final class CommonEnv {
        private CommonEnv() {}

        public static final String LOG_FORMAT = "LOG_FORMAT";
        public static final String LOG_LEVEL = "LOG_LEVEL";
    }
}
