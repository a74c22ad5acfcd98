package io.azmonrw.proxy.auth;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.ProxyOptions;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.azmonrw.proxy.HttpsProxy;
import io.azmonrw.proxy.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the azure-identity credential of {@code IDENTITY_TYPE}. Each call returns a NEW credential: its
 * MSAL cache is empty, so a fetch always reaches Entra (re-reading the federated token file), which the
 * refresh ahead of expiry and the retry after an upstream 401 both need. Our own cache is {@link TokenManager}.
 */
public final class CredentialFactory implements Supplier<TokenCredential> {
    /** Entra's own authority hosts; for any other, MSAL's instance discovery (a call to Microsoft) is turned off. */
    private static final Set<String> MICROSOFT_AUTHORITIES = Set.of(
            "login.microsoftonline.com",
            "login.microsoftonline.us",
            "login.chinacloudapi.cn",
            "login.microsoft.com",
            "login.windows.net",
            "login.partner.microsoftonline.cn",
            "login.microsoftonline.de",
            "login.windows-ppe.net",
            "sts.windows.net");

    private final ProxyConfig config;
    private final TrustBundle trust;
    /**
     * Built on the first fetch, on the token worker: azure-core's HTTP client pulls in hundreds of classes, and
     * building it in the verticle's start would hold the event loop and the listener (and so {@code /ready}) back.
     */
    private HttpClient httpClient;

    public CredentialFactory(ProxyConfig config, TrustBundle trust) {
        this.config = config;
        this.trust = trust;
    }

    private synchronized HttpClient httpClient() {
        if (httpClient == null) {
            java.net.http.HttpClient.Builder jdk;
            try {
                jdk = java.net.http.HttpClient.newBuilder().sslContext(trust.sslContext());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS for the token endpoint: " + e.getMessage(), e);
            }
            JdkHttpClientBuilder builder = new JdkHttpClientBuilder(jdk)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .responseTimeout(Duration.ofSeconds(15))
                    .readTimeout(Duration.ofSeconds(15));
            ProxyOptions proxy = proxyOptions(config.httpsProxy());
            if (proxy != null) {
                builder.proxy(proxy);
            }
            httpClient = new ContentLengthFreeHttpClient(builder.build());
        }
        return httpClient;
    }

    static ProxyOptions proxyOptions(HttpsProxy p) {
        if (p == null) {
            return null;
        }
        ProxyOptions o =
                new ProxyOptions(ProxyOptions.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port()));
        if (p.username() != null) {
            o.setCredentials(
                    p.username(), p.password() == null ? "" : p.password().reveal());
        }
        if (!p.noProxy().isEmpty()) {
            o.setNonProxyHosts(javaNonProxyHosts(p.noProxy()));
        }
        return o;
    }

    /** NO_PROXY ({@code a.com,.b.com}) in Java's {@code http.nonProxyHosts} syntax ({@code a.com|*.a.com|*.b.com}). */
    static String javaNonProxyHosts(List<String> noProxy) {
        List<String> out = new ArrayList<>();
        for (String e : noProxy) {
            if (e.equals("*")) {
                out.add("*");
            } else if (e.startsWith(".")) {
                out.add("*" + e);
            } else {
                out.add(e);
                out.add("*." + e);
            }
        }
        return String.join("|", out);
    }

    static boolean isMicrosoftAuthority(String authorityHost) {
        String host = URI.create(authorityHost).getHost();
        return host != null && MICROSOFT_AUTHORITIES.contains(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public TokenCredential get() {
        return switch (config.identityType()) {
            case WORKLOAD_IDENTITY -> {
                WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder()
                        .clientId(config.clientId())
                        .tenantId(config.tenantId())
                        .tokenFilePath(config.federatedTokenFile().toString())
                        .authorityHost(config.authorityHost())
                        .httpClient(httpClient())
                        .maxRetry(1);
                if (!isMicrosoftAuthority(config.authorityHost())) {
                    b.disableInstanceDiscovery();
                }
                yield b.build();
            }
            case AAD_APPLICATION -> {
                ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder()
                        .clientId(config.clientId())
                        .tenantId(config.tenantId())
                        .authorityHost(config.authorityHost())
                        .sendCertificateChain(true)
                        .httpClient(httpClient())
                        .maxRetry(1);
                String path = config.clientCertificatePath().toString();
                if (isPem(config.clientCertificatePath())) {
                    b.pemCertificate(path);
                } else {
                    b.pfxCertificate(path);
                    if (config.clientCertificatePassword() != null) {
                        b.clientCertificatePassword(
                                config.clientCertificatePassword().reveal());
                    }
                }
                if (!isMicrosoftAuthority(config.authorityHost())) {
                    b.disableInstanceDiscovery();
                }
                yield b.build();
            }
            case USER_ASSIGNED ->
                new ManagedIdentityCredentialBuilder()
                        .clientId(config.clientId())
                        .httpClient(httpClient())
                        .maxRetry(1)
                        .build();
            case SYSTEM_ASSIGNED ->
                new ManagedIdentityCredentialBuilder()
                        .httpClient(httpClient())
                        .maxRetry(1)
                        .build();
        };
    }

    /** PEM when the file starts with a PEM header; PKCS#12 (PFX) otherwise. */
    static boolean isPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            return new String(head, java.nio.charset.StandardCharsets.US_ASCII)
                    .stripLeading()
                    .startsWith("-----BEGIN");
        } catch (IOException e) {
            return file.toString().toLowerCase(Locale.ROOT).endsWith(".pem");
        }
    }
}
