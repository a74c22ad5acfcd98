package io.azmonrw.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for the managed identity endpoints MSAL4J calls, over plain HTTP on 127.0.0.1: IMDS
 * ({@code GET /metadata/identity/oauth2/token}, reached through {@code AZURE_POD_IDENTITY_AUTHORITY_HOST})
 * and App Service ({@code GET /msi/token}, reached through {@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}).
 */
public final class ManagedIdentityStandIn extends IdentityStandIn<ManagedIdentityStandIn> {
    public static final String IMDS_PATH = "/metadata/identity/oauth2/token";
    public static final String APP_SERVICE_PATH = "/msi/token";

    /** One request as received: which endpoint, resource and client id, and the answer's status. */
    public record MiRequest(
            Instant at,
            String endpoint,
            String apiVersion,
            String resource,
            String clientId,
            int status,
            String error) {}

    private final List<MiRequest> requests = new ArrayList<>();
    private final String identityHeader;
    private volatile String resource;
    private volatile String clientId;
    private volatile boolean anyClientId = true;

    public ManagedIdentityStandIn(Vertx vertx) {
        this(vertx, new TokenLedger());
    }

    public ManagedIdentityStandIn(Vertx vertx, TokenLedger ledger) {
        super(vertx, null, ledger, Duration.ofHours(24));
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        this.identityHeader = HexFormat.of().formatHex(b);
    }

    /** The resource every request must name, e.g. {@code https://monitor.azure.com/}; null accepts any. */
    public ManagedIdentityStandIn expectResource(String resource) {
        this.resource = resource;
        return this;
    }

    /** User-assigned identity: requests must carry this client_id. Null: system-assigned, no client_id allowed. */
    public ManagedIdentityStandIn expectClientId(String clientId) {
        this.clientId = clientId;
        this.anyClientId = false;
        return this;
    }

    @Override
    protected ManagedIdentityStandIn self() {
        return this;
    }

    /** The secret MSAL4J must send as {@code X-IDENTITY-HEADER} to the App Service endpoint. */
    public String identityHeader() {
        return identityHeader;
    }

    /** Environment that sends MSAL4J's IMDS source here. */
    public Map<String, String> imdsEnv() {
        return Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", baseUrl());
    }

    /** Environment that selects MSAL4J's App Service source and sends it here. */
    public Map<String, String> appServiceEnv() {
        return Map.of("IDENTITY_ENDPOINT", baseUrl() + APP_SERVICE_PATH, "IDENTITY_HEADER", identityHeader);
    }

    public List<MiRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    protected Router router() {
        Router r = Router.router(vertx);
        // MSAL4J joins host and path with a double slash when the host ends with '/'
        r.getWithRegex("/+metadata/identity/oauth2/token").handler(ctx -> outage.afterHang(vertx, () -> imds(ctx)));
        r.get(APP_SERVICE_PATH).handler(ctx -> outage.afterHang(vertx, () -> appService(ctx)));
        r.route().handler(ctx -> {
            record(ctx, "unknown", 404, "unknown path " + ctx.request().path());
            ctx.response().setStatusCode(404).end();
        });
        return r;
    }

    private void imds(RoutingContext ctx) {
        if (ctx.response().closed()) {
            return;
        }
        HttpServerRequest req = ctx.request();
        if (!"true".equalsIgnoreCase(req.getHeader("Metadata"))) {
            fail(ctx, "imds", 400, "invalid_request", "Required metadata header not specified");
            return;
        }
        answer(ctx, "imds", req.getParam("client_id"));
    }

    private void appService(RoutingContext ctx) {
        if (ctx.response().closed()) {
            return;
        }
        if (!identityHeader.equals(ctx.request().getHeader("X-IDENTITY-HEADER"))) {
            fail(ctx, "appService", 401, "unauthorized", "X-IDENTITY-HEADER missing or wrong");
            return;
        }
        answer(ctx, "appService", ctx.request().getParam("client_id"));
    }

    private void answer(RoutingContext ctx, String endpoint, String cid) {
        HttpServerRequest req = ctx.request();
        int failing = outage.failingStatus();
        if (failing != 0) {
            fail(ctx, endpoint, failing, "temporarily_unavailable", "stand-in outage");
            return;
        }
        if (req.getParam("api-version") == null) {
            fail(ctx, endpoint, 400, "invalid_request", "api-version is required");
            return;
        }
        String res = req.getParam("resource");
        String expectedResource = resource;
        if (res == null || expectedResource != null && !expectedResource.equals(res)) {
            fail(
                    ctx,
                    endpoint,
                    400,
                    "invalid_resource",
                    "AADSTS500011: The resource principal named " + res + " was not found in the tenant.");
            return;
        }
        if (!anyClientId && !java.util.Objects.equals(clientId, cid)) {
            fail(
                    ctx,
                    endpoint,
                    400,
                    "invalid_request",
                    "Identity not found: client_id " + cid + " is not assigned to this resource");
            return;
        }
        TokenLedger.IssuedToken t = ledger.issue(cid == null ? "system-assigned" : cid, res, lifetime);
        record(ctx, endpoint, 200, null);
        long now = t.issuedAt().getEpochSecond();
        long expiresIn = Math.max(1, lifetime.toSeconds());
        // IMDS and App Service both send numbers as strings
        JsonObject body = new JsonObject()
                .put("access_token", t.token())
                .put("client_id", cid == null ? "00000000-0000-0000-0000-000000000000" : cid)
                .put("expires_on", Long.toString(now + expiresIn))
                .put("resource", res)
                .put("token_type", "Bearer");
        if ("imds".equals(endpoint)) {
            body.put("expires_in", Long.toString(expiresIn))
                    .put("ext_expires_in", Long.toString(expiresIn))
                    .put("not_before", Long.toString(now));
        }
        ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    private void fail(RoutingContext ctx, String endpoint, int status, String error, String description) {
        record(ctx, endpoint, status, error);
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject()
                        .put("error", error)
                        .put("error_description", description)
                        .encode());
    }

    private void record(RoutingContext ctx, String endpoint, int status, String error) {
        HttpServerRequest req = ctx.request();
        MiRequest r = new MiRequest(
                Instant.now(),
                endpoint,
                req.getParam("api-version"),
                req.getParam("resource"),
                req.getParam("client_id"),
                status,
                error);
        synchronized (requests) {
            requests.add(r);
        }
    }
}
