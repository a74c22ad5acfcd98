package io.azmonrw.testkit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** A compact JWT client assertion, parsed without trusting it, with signature checks against a certificate. */
public record JwtAssertion(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {

    /** Parses {@code header.claims.signature}; throws IllegalArgumentException when malformed. */
    public static JwtAssertion parse(String compact) {
        String[] parts = compact == null ? new String[0] : compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonObject header = new JsonObject(new String(d.decode(parts[0]), StandardCharsets.UTF_8));
            JsonObject claims = new JsonObject(new String(d.decode(parts[1]), StandardCharsets.UTF_8));
            byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new JwtAssertion(header, claims, input, d.decode(parts[2]));
        } catch (IllegalArgumentException | DecodeException e) {
            throw new IllegalArgumentException("undecodable JWT: " + e.getMessage(), e);
        }
    }

    /** Verifies the RS256 or PS256 signature with the certificate's public key. */
    public boolean signedBy(X509Certificate cert) {
        String alg = header.getString("alg", "");
        try {
            Signature sig;
            if ("RS256".equals(alg)) {
                sig = Signature.getInstance("SHA256withRSA");
            } else if ("PS256".equals(alg)) {
                sig = Signature.getInstance("RSASSA-PSS");
                sig.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                return false;
            }
            sig.initVerify(cert.getPublicKey());
            sig.update(signingInput);
            return sig.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** True when the header's x5c chain starts with this certificate. */
    public boolean x5cStartsWith(X509Certificate cert) {
        JsonArray x5c = header.getJsonArray("x5c");
        if (x5c == null || x5c.isEmpty()) {
            return false;
        }
        try {
            return Arrays.equals(Base64.getDecoder().decode(x5c.getString(0)), cert.getEncoded());
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    public boolean hasX5c() {
        JsonArray x5c = header.getJsonArray("x5c");
        return x5c != null && !x5c.isEmpty();
    }

    /** The audience, whether a string or a one-element array. */
    public String audience() {
        Object aud = claims.getValue("aud");
        if (aud instanceof JsonArray a && !a.isEmpty()) {
            return String.valueOf(a.getValue(0));
        }
        return aud == null ? null : aud.toString();
    }
}
