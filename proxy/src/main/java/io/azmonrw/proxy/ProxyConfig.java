package io.azmonrw.proxy;

import io.azmonrw.common.Contract;
import io.azmonrw.common.Contract.ProxyEnv;
import io.azmonrw.common.config.Cidr;
import io.azmonrw.common.config.Cloud;
import io.azmonrw.common.config.EnvReader;
import io.azmonrw.common.config.IngestionUrl;
import io.azmonrw.common.config.Secret;
import io.azmonrw.common.service.ServiceLauncher.ServiceConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proxy's immutable configuration, read once at startup from the environment (docs/design.md, Proxy environment).
 *
 * @param listenAddresses the addresses to bind; empty means all interfaces, IPv4 and IPv6
 * @param authorityHost the effective Entra authority host (AZURE_AUTHORITY_HOST, then AAD_HOST_ENDPOINT, then CLOUD)
 * @param scope the token scope (INGESTION_AAD_AUDIENCE, else CLOUD's), always ending in {@code /.default}
 * @param shutdownQuietPeriod how long no write must arrive before shutdown stops accepting ({@code SHUTDOWN_QUIET_PERIOD})
 * @param idleTimeout how long a client connection may stay silent before it is closed ({@code IDLE_TIMEOUT})
 * @param ingestionUrlCheck whether INGESTION_URL must have the Azure Monitor shape ({@code INGESTION_URL_CHECK}, default on)
 * @param forwardRw2 whether remote write 2.0 requests are forwarded ({@code UPSTREAM_RW2=forward}) or answered 415 (reject, default)
 */
public record ProxyConfig(
        URI ingestionUrl,
        int listeningPort,
        List<String> listenAddresses,
        List<Cidr> allowedWriters,
        IdentityType identityType,
        String clientId,
        String tenantId,
        Path federatedTokenFile,
        Path clientCertificatePath,
        Secret clientCertificatePassword,
        Cloud cloud,
        String authorityHost,
        String scope,
        String cluster,
        boolean traceLogging,
        HttpsProxy httpsProxy,
        Path caBundleFile,
        long maxBodyBytes,
        long maxDecodedBytes,
        long maxInflightBytes,
        Duration upstreamTimeout,
        int throttledStatus,
        boolean forbiddenAsRetryable,
        Duration shutdownGrace,
        Duration shutdownQuietPeriod,
        Duration idleTimeout,
        boolean allowInsecureUpstream,
        boolean ingestionUrlCheck,
        boolean forwardRw2,
        int decodeConcurrency)
        implements ServiceConfig {

    public static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    public ProxyConfig {
        listenAddresses = List.copyOf(listenAddresses);
        allowedWriters = List.copyOf(allowedWriters);
    }

    public static ProxyConfig fromEnv(Map<String, String> env) {
        return fromEnv(
                env, Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
    }

    /** @param heapBytes the JVM's maximum heap, which the memory limits' defaults and maxima derive from ({@link MemoryBounds}) */
    public static ProxyConfig fromEnv(Map<String, String> env, long heapBytes, int cores) {
        EnvReader r = new EnvReader(env);
        boolean insecure = r.bool(ProxyEnv.ALLOW_INSECURE_UPSTREAM, false);
        URI url = r.url(ProxyEnv.INGESTION_URL, null, true, insecure ? Set.of("https", "http") : Set.of("https"));
        boolean urlCheck = onOff(r, ProxyEnv.INGESTION_URL_CHECK, "on", "off");
        if (url != null && urlCheck) {
            IngestionUrl.problem(url, insecure)
                    .ifPresent(p -> r.problem(
                            ProxyEnv.INGESTION_URL,
                            p + "; set INGESTION_URL_CHECK=off to forward to another remote-write endpoint"));
        }
        boolean forwardRw2 = !onOff(r, ProxyEnv.UPSTREAM_RW2, "reject", "forward");
        int port = r.integer(ProxyEnv.LISTENING_PORT, Contract.Injection.DEFAULT_PROXY_PORT, 0, 65535);
        List<String> addresses = listenAddresses(r.string(ProxyEnv.LISTEN_ADDRESS, ""));
        List<Cidr> writers = r.cidrs(ProxyEnv.ALLOWED_WRITERS, LOOPBACK);
        IdentityType identity = r.enumValue(ProxyEnv.IDENTITY_TYPE, IdentityType.class, IdentityType.WORKLOAD_IDENTITY);
        String clientId = r.string(ProxyEnv.AZURE_CLIENT_ID, null);
        String tenantId = r.string(ProxyEnv.AZURE_TENANT_ID, null);
        Path tokenFile = null;
        Path certificate = null;
        Secret certificatePassword = r.secret(ProxyEnv.AZURE_CLIENT_CERTIFICATE_PASSWORD);
        switch (identity) {
            case WORKLOAD_IDENTITY -> {
                requireSet(r, ProxyEnv.AZURE_CLIENT_ID, clientId, identity);
                requireSet(r, ProxyEnv.AZURE_TENANT_ID, tenantId, identity);
                tokenFile = r.readableFile(ProxyEnv.AZURE_FEDERATED_TOKEN_FILE, true);
            }
            case USER_ASSIGNED -> requireSet(r, ProxyEnv.AZURE_CLIENT_ID, clientId, identity);
            case AAD_APPLICATION -> {
                requireSet(r, ProxyEnv.AZURE_CLIENT_ID, clientId, identity);
                requireSet(r, ProxyEnv.AZURE_TENANT_ID, tenantId, identity);
                certificate = r.readableFile(ProxyEnv.AZURE_CLIENT_CERTIFICATE_PATH, true);
            }
            case SYSTEM_ASSIGNED -> {}
        }
        Cloud cloud = r.enumValue(ProxyEnv.CLOUD, Cloud.class, Cloud.AZUREPUBLIC);
        String authority = r.optional(ProxyEnv.AZURE_AUTHORITY_HOST)
                .or(() -> r.optional(ProxyEnv.AAD_HOST_ENDPOINT))
                .orElse(cloud.authorityHost());
        if (authority == null && usesAuthority(identity)) {
            r.problem(
                    ProxyEnv.AAD_HOST_ENDPOINT, "is required when CLOUD is AZURECUSTOM (or set AZURE_AUTHORITY_HOST)");
        } else if (authority != null && !authority.toLowerCase(Locale.ROOT).startsWith("https://")) {
            r.problem(ProxyEnv.AZURE_AUTHORITY_HOST, "'" + authority + "' must be an https URL");
        }
        String scope = r.optional(ProxyEnv.INGESTION_AAD_AUDIENCE)
                .map(ProxyConfig::toScope)
                .orElse(cloud.scope());
        if (scope == null) {
            r.problem(ProxyEnv.INGESTION_AAD_AUDIENCE, "is required when CLOUD is AZURECUSTOM");
        }
        String cluster = r.string(ProxyEnv.CLUSTER, "");
        boolean trace = r.bool(ProxyEnv.TRACE_LOGGING, false);
        HttpsProxy proxy = httpsProxy(r, env);
        Path caBundle = r.readableFile(ProxyEnv.CA_BUNDLE_FILE, false);
        MemoryBounds memory = MemoryBounds.read(r, heapBytes, cores);
        Duration upstreamTimeout = r.duration(
                ProxyEnv.UPSTREAM_TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(10));
        int throttled = r.integer(ProxyEnv.THROTTLED_STATUS, 503, 429, 503);
        if (throttled != 429 && throttled != 503) {
            r.problem(ProxyEnv.THROTTLED_STATUS, "must be 503 (Prometheus retries) or 429 (passed through)");
        }
        boolean forbiddenRetryable = r.bool(ProxyEnv.FORBIDDEN_AS_RETRYABLE, true);
        Duration grace =
                r.duration(ProxyEnv.SHUTDOWN_GRACE, Duration.ofSeconds(25), Duration.ZERO, Duration.ofHours(1));
        Duration quiet =
                r.duration(ProxyEnv.SHUTDOWN_QUIET_PERIOD, Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1));
        Duration idle =
                r.duration(ProxyEnv.IDLE_TIMEOUT, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
        if (idle.compareTo(upstreamTimeout) <= 0) {
            // the writer's connection is silent while the proxy waits for the ingestion endpoint
            r.problem(
                    ProxyEnv.IDLE_TIMEOUT,
                    "must be longer than UPSTREAM_TIMEOUT (" + upstreamTimeout.toMillis() + " ms)");
        }
        r.done();
        return new ProxyConfig(
                url,
                port,
                addresses,
                writers,
                identity,
                clientId,
                tenantId,
                tokenFile,
                certificate,
                certificatePassword,
                cloud,
                authority,
                scope,
                cluster,
                trace,
                proxy,
                caBundle,
                memory.maxBodyBytes(),
                memory.maxDecodedBytes(),
                memory.maxInflightBytes(),
                upstreamTimeout,
                throttled,
                forbiddenRetryable,
                grace,
                quiet,
                idle,
                insecure,
                urlCheck,
                forwardRw2,
                memory.decodeConcurrency());
    }

    /** True for {@code first} (the default), false for {@code second}; any other value is a problem. */
    private static boolean onOff(EnvReader r, String key, String first, String second) {
        String v = r.string(key, first).trim().toLowerCase(Locale.ROOT);
        if (!v.equals(first) && !v.equals(second)) {
            r.problem(key, "must be " + first + " or " + second + ", not '" + v + "'");
        }
        return !v.equals(second);
    }

    private static boolean usesAuthority(IdentityType t) {
        return t == IdentityType.WORKLOAD_IDENTITY || t == IdentityType.AAD_APPLICATION;
    }

    private static void requireSet(EnvReader r, String key, String value, IdentityType type) {
        if (value == null) {
            r.problem(key, "is required when IDENTITY_TYPE is " + type);
        }
    }

    /** {@code https://monitor.azure.com/} and {@code https://monitor.azure.com//.default} both name the same scope. */
    static String toScope(String audience) {
        return audience.endsWith("/.default") ? audience : audience + "/.default";
    }

    private static List<String> listenAddresses(String value) {
        if (value.isEmpty() || value.equals("*")) {
            return List.of();
        }
        if (value.equalsIgnoreCase("localhost")) {
            // localhost may resolve to either family: bind both loopbacks so that either works
            return List.of("127.0.0.1", "::1");
        }
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static HttpsProxy httpsProxy(EnvReader r, Map<String, String> env) {
        Optional<String> value = r.optional(ProxyEnv.HTTPS_PROXY)
                .or(() -> Optional.ofNullable(env.get(ProxyEnv.HTTPS_PROXY_LOWER_CASE))
                        .filter(s -> !s.isBlank()));
        if (value.isEmpty()) {
            return null;
        }
        String noProxyText = r.optional(ProxyEnv.NO_PROXY)
                .or(() -> Optional.ofNullable(env.get(ProxyEnv.NO_PROXY_LOWER_CASE)))
                .orElse("");
        List<String> noProxy = new ArrayList<>();
        for (String s : noProxyText.split(",")) {
            if (!s.isBlank()) {
                noProxy.add(s.trim());
            }
        }
        String text = value.get().trim();
        try {
            URI u = new URI(text.contains("://") ? text : "http://" + text);
            if (u.getHost() == null
                    || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))) {
                r.problem(ProxyEnv.HTTPS_PROXY, "must be an http URL like http://proxy.example:3128");
                return null;
            }
            String user = null;
            Secret password = null;
            if (u.getRawUserInfo() != null) {
                String[] parts = u.getUserInfo().split(":", 2);
                user = parts[0];
                password = Secret.of(parts.length > 1 ? parts[1] : "");
            }
            int port = u.getPort() > 0 ? u.getPort() : 80;
            return new HttpsProxy(u.getHost(), port, user, password, noProxy);
        } catch (URISyntaxException e) {
            // the raw value may hold credentials: do not echo it
            r.problem(ProxyEnv.HTTPS_PROXY, "is not a URL like http://proxy.example:3128");
            return null;
        }
    }

    @Override
    public Map<String, String> metricTags() {
        return Map.of();
    }

    @Override
    public Duration shutdownTimeout() {
        return shutdownGrace;
    }
}
