package io.azmonrw.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.tls.Pem;
import io.azmonrw.webhook.certs.TlsProbe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certs/webhook-certs.sh run into a temp dir, its output checked with the JDK's X.509 and EC code. */
class CertsScriptTest {
    static final Path SCRIPT = ManifestsTest.ROOT.resolve("certs/webhook-certs.sh");

    @TempDir
    Path out;

    @BeforeAll
    static void openssl() {
        assertThat(Tools.find("openssl"))
                .as("openssl is required by certs/webhook-certs.sh: apt-get install openssl")
                .isPresent();
    }

    private Tools.Result script(String... args) {
        var cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", out.toString()));
        return Tools.run(out, cmd);
    }

    @Test
    void generateMakesAnEcP256CertificateForTheServiceNamesWithTheRequestedLifetime() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        Tools.Result r = script("generate", "--namespace", "ns1", "--service", "svc1", "--days", "30");
        assertThat(r.exit()).as(r.output()).isZero();
        Instant after = Instant.now().plusSeconds(5);

        X509Certificate leaf =
                Pem.parseCertificates(Files.readString(out.resolve("tls.crt"))).get(0);
        X509Certificate ca =
                Pem.parseCertificates(Files.readString(out.resolve("ca.crt"))).get(0);
        assertThat(dnsNames(leaf))
                .containsExactlyInAnyOrder("svc1", "svc1.ns1", "svc1.ns1.svc", "svc1.ns1.svc.cluster.local");
        assertThat(leaf.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(curve((ECPublicKey) leaf.getPublicKey())).isEqualTo(p256());
        assertThat(leaf.getNotBefore().toInstant()).isBetween(before.minusSeconds(1), after);
        assertThat(Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(30));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        leaf.verify(ca.getPublicKey());
        assertThat(keyMatches(Pem.parsePrivateKey(Files.readString(out.resolve("tls.key"))), leaf))
                .isTrue();
        assertThat(Duration.between(
                        ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void vertxServesTheScriptsCertificateToAClientTrustingTheCaBundle() throws Exception {
        assertThat(script("generate").exit()).isZero();
        Vertx vertx = Vertx.vertx();
        try {
            int port = TlsProbe.serve(vertx, out.resolve("tls.crt"), out.resolve("tls.key"));
            TlsProbe.handshake(
                    port, Files.readString(out.resolve("ca-bundle.crt")), "azmon-rw-webhook.azmon-rw-system.svc");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void secretAndCaBundlePatchHoldExactlyTheFiles() throws Exception {
        assertThat(script("generate").exit()).isZero();

        Secret secret =
                (Secret) ManifestFiles.objects(out.resolve("secret.yaml")).get(0);
        assertThat(secret.getMetadata().getName()).isEqualTo("azmon-rw-webhook-tls");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("azmon-rw-system");
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(decode(secret.getData().get("tls.crt"))).isEqualTo(Files.readString(out.resolve("tls.crt")));
        assertThat(decode(secret.getData().get("tls.key"))).isEqualTo(Files.readString(out.resolve("tls.key")));
        assertThat(decode(secret.getData().get("ca.crt"))).isEqualTo(Files.readString(out.resolve("ca.crt")));

        var patch = (MutatingWebhookConfiguration)
                ManifestFiles.objects(out.resolve("ca-bundle-patch.yaml")).get(0);
        assertThat(patch.getMetadata().getName()).isEqualTo("azmon-rw-webhook");
        assertThat(patch.getWebhooks()).singleElement().satisfies(w -> {
            assertThat(w.getName()).isEqualTo("inject.azmon-rw.io");
            assertThat(decode(w.getClientConfig().getCaBundle())).isEqualTo(Files.readString(out.resolve("ca.crt")));
        });
        assertThat(ManifestFiles.unknownFields(secret)).isEmpty();
        assertThat(ManifestFiles.unknownFields(patch)).isEmpty();
    }

    @Test
    void rotateRenewsTheServingCertificateUnderTheSameCa() throws Exception {
        assertThat(script("generate").exit()).isZero();
        String ca = Files.readString(out.resolve("ca.crt"));
        String oldCert = Files.readString(out.resolve("tls.crt"));
        String oldPatch = Files.readString(out.resolve("ca-bundle-patch.yaml"))
                .lines()
                .filter(l -> l.contains("caBundle"))
                .findFirst()
                .orElseThrow();

        Tools.Result r = script("rotate");
        assertThat(r.exit()).as(r.output()).isZero();

        assertThat(Files.readString(out.resolve("tls.crt"))).isNotEqualTo(oldCert);
        assertThat(Files.readString(out.resolve("ca.crt"))).isEqualTo(ca);
        assertThat(Files.readString(out.resolve("ca-bundle-patch.yaml"))).contains(oldPatch);
        Pem.parseCertificates(Files.readString(out.resolve("tls.crt")))
                .get(0)
                .verify(Pem.parseCertificates(ca).get(0).getPublicKey());
    }

    @Test
    void rotateWithCaTrustsTheNewAndThePreviousCa() throws Exception {
        assertThat(script("generate").exit()).isZero();
        X509Certificate oldCa =
                Pem.parseCertificates(Files.readString(out.resolve("ca.crt"))).get(0);
        X509Certificate oldLeaf =
                Pem.parseCertificates(Files.readString(out.resolve("tls.crt"))).get(0);

        Tools.Result r = script("rotate", "--ca");
        assertThat(r.exit()).as(r.output()).isZero();

        Secret secret =
                (Secret) ManifestFiles.objects(out.resolve("secret.yaml")).get(0);
        List<X509Certificate> trust =
                Pem.parseCertificates(decode(secret.getData().get("ca.crt")));
        assertThat(trust).hasSize(2);
        assertThat(trust.get(0)).isNotEqualTo(oldCa);
        assertThat(trust.get(1)).isEqualTo(oldCa);
        Pem.parseCertificates(Files.readString(out.resolve("tls.crt")))
                .get(0)
                .verify(trust.get(0).getPublicKey());
        oldLeaf.verify(trust.get(1).getPublicKey());
    }

    @Test
    void generateRefusesToOverwriteKeysAndBadArgumentsFail() {
        assertThat(script("generate").exit()).isZero();
        Tools.Result again = script("generate");
        assertThat(again.exit()).isNotZero();
        assertThat(again.output()).contains("rotate");
        assertThat(script("generate", "--force").exit()).isZero();
        assertThat(script("generate", "--force", "--days", "0").exit()).isNotZero();
        assertThat(script("generate", "--force", "--days", "400", "--ca-days", "300")
                        .exit())
                .isNotZero();
        assertThat(script("frobnicate").exit()).isNotZero();
    }

    private static List<String> dnsNames(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream()
                .filter(e -> ((Integer) e.get(0)) == 2)
                .map(e -> (String) e.get(1))
                .toList();
    }

    private static String curve(ECPublicKey key) {
        ECParameterSpec p = key.getParams();
        return p.getCurve().getField().getFieldSize() + ":" + p.getOrder();
    }

    private static String p256() throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec p = params.getParameterSpec(ECParameterSpec.class);
        return p.getCurve().getField().getFieldSize() + ":" + p.getOrder();
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate cert) throws Exception {
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        return v.verify(sig);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
    }
}
