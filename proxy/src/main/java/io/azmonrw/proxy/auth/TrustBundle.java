package io.azmonrw.proxy.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs both the token and the ingestion traffic trust: the JVM's (including a
 * {@code javax.net.ssl.trustStore} override) plus the PEM certificates of {@code CA_BUNDLE_FILE}.
 */
public final class TrustBundle {
    private final TrustManagerFactory factory;
    private final int extraCertificates;

    private TrustBundle(TrustManagerFactory factory, int extraCertificates) {
        this.factory = factory;
        this.extraCertificates = extraCertificates;
    }

    /** @param caBundle PEM file with one or more certificates; null for the JVM's CAs only */
    public static TrustBundle load(Path caBundle) throws IOException, GeneralSecurityException {
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        if (caBundle == null) {
            return new TrustBundle(jvm, 0);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (TrustManager tm : jvm.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    store.setCertificateEntry("jvm-" + n++, c);
                }
            }
        }
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(caBundle)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) {
            throw new GeneralSecurityException("CA_BUNDLE_FILE " + caBundle + " holds no PEM certificate");
        }
        int i = 0;
        for (Certificate c : extra) {
            store.setCertificateEntry("bundle-" + i++, c);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return new TrustBundle(combined, extra.size());
    }

    public TrustManagerFactory trustManagerFactory() {
        return factory;
    }

    public SSLContext sslContext() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, factory.getTrustManagers(), null);
        return ctx;
    }

    /** How many certificates CA_BUNDLE_FILE added (0 without one). */
    public int extraCertificates() {
        return extraCertificates;
    }
}
