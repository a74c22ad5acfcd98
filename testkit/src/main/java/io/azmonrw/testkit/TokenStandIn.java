package io.azmonrw.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stand-in for Microsoft Entra's token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, client credentials
 * with a federated or certificate client assertion), over HTTPS, answering as Entra answers MSAL4J.
 */
public final class TokenStandIn extends IdentityStandIn<TokenStandIn> {
    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** One token request as received, and how it was answered. The assertion is kept for rotation tests. */
    public record TokenRequest(
            Instant at,
            String method,
            String path,
            String tenant,
            String grantType,
            String clientId,
            String scope,
            String assertionType,
            String assertion,
            int status,
            String error) {
        @Override
        public String toString() {
            return "TokenRequest[" + method + " " + path + ", clientId=" + clientId + ", scope=" + scope
                    + ", assertion=" + (assertion == null ? "none" : assertion.length() + " chars")
                    + ", status=" + status + (error == null ? "" : ", error=" + error) + "]";
        }
    }

    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");

    private final List<TokenRequest> requests = new ArrayList<>();
    private volatile String tenant;
    private volatile String clientId;
    private volatile String scope;
    private volatile Supplier<String> federatedAssertion;
    private volatile X509Certificate certificate;
    private volatile boolean requireX5c;
    private volatile Failure failure;

    /** An Entra error every token request gets, as {@link #failWith} sets it. */
    public record Failure(int status, String error, int aadsts, String message) {}

    public TokenStandIn(Vertx vertx, TestCa ca) {
        this(vertx, ca, new TokenLedger());
    }

    /** With a ledger shared with other stand-ins, so that one {@link #isValid} covers every identity. */
    public TokenStandIn(Vertx vertx, TestCa ca, TokenLedger ledger) {
        super(vertx, ca, ledger, Duration.ofHours(1));
    }

    @Override
    protected TokenStandIn self() {
        return this;
    }

    /** Only this tenant is known (others get AADSTS90002); null accepts any. */
    public TokenStandIn expectTenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    /** Only this client id is known (others get AADSTS700016); null accepts any. */
    public TokenStandIn expectClientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    /** The scope every request must carry, e.g. {@code https://monitor.azure.com//.default}; null accepts any. */
    public TokenStandIn expectScope(String scope) {
        this.scope = scope;
        return this;
    }

    /** Federated credential: the assertion must equal what this supplies now (e.g. re-read from the token file). */
    public TokenStandIn expectFederatedAssertion(Supplier<String> expected) {
        this.federatedAssertion = expected;
        this.certificate = null;
        return this;
    }

    /** Certificate credential: the assertion must be a JWT signed by this certificate's key, with x5c if required. */
    public TokenStandIn expectCertificate(X509Certificate cert, boolean requireX5c) {
        this.certificate = cert;
        this.requireX5c = requireX5c;
        this.federatedAssertion = null;
        return this;
    }

    /**
     * Every token request gets this Entra error (status, OAuth error, AADSTS code, description) until
     * {@link #clearFailure()}: the configuration mistakes of a real setup, e.g. 400 invalid_request AADSTS70021.
     */
    public TokenStandIn failWith(int status, String error, int aadsts, String message) {
        this.failure = new Failure(status, error, aadsts, message);
        return this;
    }

    public TokenStandIn clearFailure() {
        this.failure = null;
        return this;
    }

    /** Every request received, token or not, in arrival order. */
    public List<TokenRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** What {@code AZURE_AUTHORITY_HOST} should be: {@code https://127.0.0.1:PORT}. */
    public String authorityHost() {
        return baseUrl();
    }

    public String tokenUrl(String tenantId) {
        return baseUrl() + "/" + tenantId + "/oauth2/v2.0/token";
    }

    @Override
    protected Router router() {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
        r.post("/:tenant/oauth2/v2.0/token").handler(this::token);
        r.get("/:tenant/v2.0/.well-known/openid-configuration").handler(this::openIdConfiguration);
        r.get("/common/discovery/instance").handler(this::instanceDiscovery);
        r.route().handler(ctx -> {
            record(ctx, null, 404, "unknown path");
            ctx.response().setStatusCode(404).end();
        });
        return r;
    }

    private void token(RoutingContext ctx) {
        outage.afterHang(vertx, () -> answerToken(ctx));
    }

    private void answerToken(RoutingContext ctx) {
        if (ctx.response().closed()) {
            return;
        }
        HttpServerRequest req = ctx.request();
        String t = ctx.pathParam("tenant");
        int failing = outage.failingStatus();
        if (failing != 0) {
            error(
                    ctx,
                    t,
                    failing,
                    "temporarily_unavailable",
                    50196,
                    "The service is temporarily unavailable (stand-in outage).");
            return;
        }
        Failure forced = failure;
        if (forced != null) {
            error(ctx, t, forced.status(), forced.error(), forced.aadsts(), forced.message());
            return;
        }
        String expectedTenant = tenant;
        if (expectedTenant != null && !expectedTenant.equals(t)) {
            error(ctx, t, 400, "invalid_request", 90002, "Tenant '" + t + "' not found.");
            return;
        }
        if (!"client_credentials".equals(req.getFormAttribute("grant_type"))) {
            error(ctx, t, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
            return;
        }
        String cid = req.getFormAttribute("client_id");
        String expectedClient = clientId;
        if (cid == null || expectedClient != null && !expectedClient.equals(cid)) {
            error(
                    ctx,
                    t,
                    400,
                    "unauthorized_client",
                    700016,
                    "Application with identifier '" + cid + "' was not found in the directory '" + t + "'.");
            return;
        }
        String s = req.getFormAttribute("scope");
        String expectedScope = scope;
        if (s == null || expectedScope != null && !expectedScope.equals(resourceScope(s))) {
            error(
                    ctx,
                    t,
                    400,
                    "invalid_scope",
                    70011,
                    "The provided value for the input parameter 'scope' is not valid.");
            return;
        }
        if (!ASSERTION_TYPE.equals(req.getFormAttribute("client_assertion_type"))) {
            error(
                    ctx,
                    t,
                    401,
                    "invalid_client",
                    7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }
        String assertion = req.getFormAttribute("client_assertion");
        String problem = checkAssertion(assertion, cid, tokenUrl(t));
        if (problem != null) {
            int code = certificate != null ? 700027 : 70021;
            error(ctx, t, 401, "invalid_client", code, problem);
            return;
        }
        TokenLedger.IssuedToken issued = ledger.issue(cid, s, lifetime);
        record(ctx, t, 200, null);
        long expiresIn = Math.max(1, lifetime.toSeconds());
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store, no-cache")
                .end(new JsonObject()
                        .put("token_type", "Bearer")
                        .put("expires_in", expiresIn)
                        .put("ext_expires_in", expiresIn)
                        .put("access_token", issued.token())
                        .encode());
    }

    /** The scope without the OIDC scopes MSAL4J adds to every request ({@code openid profile offline_access}). */
    public static String resourceScope(String scope) {
        return Arrays.stream(scope.trim().split("\\s+"))
                .filter(x -> !OIDC_SCOPES.contains(x))
                .collect(Collectors.joining(" "));
    }

    private String checkAssertion(String assertion, String cid, String audience) {
        if (assertion == null || assertion.isEmpty()) {
            return "Client assertion is missing.";
        }
        Supplier<String> federated = federatedAssertion;
        X509Certificate cert = certificate;
        if (federated != null) {
            String expected = federated.get();
            return expected != null && expected.strip().equals(assertion.strip())
                    ? null
                    : "No matching federated identity record found for presented assertion.";
        }
        if (cert != null) {
            JwtAssertion jwt;
            try {
                jwt = JwtAssertion.parse(assertion);
            } catch (IllegalArgumentException e) {
                return "Client assertion failed signature validation: " + e.getMessage();
            }
            if (!jwt.signedBy(cert)) {
                return "Client assertion contains an invalid signature.";
            }
            if (requireX5c && !jwt.x5cStartsWith(cert)) {
                return "Client assertion header has no x5c chain for the certificate (subject name/issuer auth).";
            }
            if (!cid.equals(jwt.claims().getString("iss"))
                    || !cid.equals(jwt.claims().getString("sub"))) {
                return "Client assertion iss/sub do not match the client id.";
            }
            if (!audience.equals(jwt.audience())) {
                return "Client assertion audience claim does not match Realm issuer: " + jwt.audience();
            }
            Long exp = jwt.claims().getLong("exp");
            if (exp == null || exp * 1000 < System.currentTimeMillis()) {
                return "Client assertion is expired.";
            }
        }
        return null;
    }

    private void openIdConfiguration(RoutingContext ctx) {
        String t = ctx.pathParam("tenant");
        String base = baseUrl() + "/" + t;
        record(ctx, t, 200, null);
        ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put("token_endpoint", base + "/oauth2/v2.0/token")
                        .put("authorization_endpoint", base + "/oauth2/v2.0/authorize")
                        .put("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode")
                        .put("issuer", base + "/v2.0")
                        .put("jwks_uri", base + "/discovery/v2.0/keys")
                        .put(
                                "token_endpoint_auth_methods_supported",
                                new JsonArray()
                                        .add("client_secret_post")
                                        .add("private_key_jwt")
                                        .add("client_secret_basic"))
                        .put("tenant_region_scope", "WW")
                        .encode());
    }

    private void instanceDiscovery(RoutingContext ctx) {
        String host = "127.0.0.1:" + port();
        record(ctx, null, 200, null);
        ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put("tenant_discovery_endpoint", baseUrl() + "/common/v2.0/.well-known/openid-configuration")
                        .put("api-version", "1.1")
                        .put(
                                "metadata",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("preferred_network", host)
                                                .put("preferred_cache", host)
                                                .put("aliases", new JsonArray().add(host))))
                        .encode());
    }

    private void error(RoutingContext ctx, String t, int status, String error, int aadsts, String message) {
        record(ctx, t, status, error + " AADSTS" + aadsts);
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(EntraErrors.body(error, aadsts, message).encode());
    }

    private void record(RoutingContext ctx, String t, int status, String error) {
        HttpServerRequest req = ctx.request();
        TokenRequest tr = new TokenRequest(
                Instant.now(),
                req.method().name(),
                req.path(),
                t,
                req.getFormAttribute("grant_type"),
                req.getFormAttribute("client_id"),
                req.getFormAttribute("scope"),
                req.getFormAttribute("client_assertion_type"),
                req.getFormAttribute("client_assertion"),
                status,
                error);
        synchronized (requests) {
            requests.add(tr);
        }
    }
}
