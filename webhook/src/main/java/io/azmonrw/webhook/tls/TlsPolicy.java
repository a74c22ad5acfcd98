package io.azmonrw.webhook.tls;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The webhook's TLS settings: TLS 1.2 and 1.3 only, forward-secret AEAD cipher suites only. */
public final class TlsPolicy {
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /** TLS 1.3 suites (all AEAD), then ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2: no CBC, no RSA key exchange. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

    private TlsPolicy() {}

    public static PemKeyCertOptions keyCert(PemMaterial material) {
        return new PemKeyCertOptions().setCertValue(material.cert()).setKeyValue(material.key());
    }

    /** Options for a new HTTPS server serving the given certificate. */
    public static HttpServerOptions serverOptions(PemMaterial material) {
        HttpServerOptions o = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(keyCert(material))
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS)
                .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        CIPHER_SUITES.forEach(o::addEnabledCipherSuite);
        return o;
    }

    /** The same settings as {@link #serverOptions} for {@code HttpServer.updateSSLOptions}, with a new certificate. */
    public static ServerSSLOptions sslOptions(PemMaterial material) {
        ServerSSLOptions o = new ServerSSLOptions()
                .setKeyCertOptions(keyCert(material))
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS)
                .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        CIPHER_SUITES.forEach(o::addEnabledCipherSuite);
        return o;
    }
}
