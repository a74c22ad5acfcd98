package io.azmonrw.webhook.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.http.Timeouts;
import io.azmonrw.common.logging.OneLine;
import io.azmonrw.webhook.WebhookConfig;
import io.azmonrw.webhook.mutation.InjectionDefaults;
import io.azmonrw.webhook.mutation.PodMutator;
import io.azmonrw.webhook.mutation.PodPatches;
import io.azmonrw.webhook.mutation.SpecResolver;
import io.azmonrw.webhook.selection.Selection;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers AdmissionReviews: parses, selects, looks the identity up (bounded by API_TIMEOUT), mutates, diffs and
 * builds the response. Every admission of a pod is allowed; only malformed reviews fail (HttpError 400).
 */
public final class AdmissionService {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionService.class);
    /** The API server may cut an admission warning past 256 characters: a library's detail in a warning or error stays under this. */
    private static final int WARNING_DETAIL_CHARS = 160;

    private final WebhookConfig config;
    private final ClusterLookup lookup;
    private final AdmissionEvents events;
    private final Vertx vertx;
    private final Selection selection;
    private final SpecResolver resolver;
    private final PodMutator mutator = new PodMutator();

    /** @param vertx whose timers bound the lookups */
    public AdmissionService(Vertx vertx, WebhookConfig config, ClusterLookup lookup, AdmissionEvents events) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = config;
        this.lookup = lookup;
        this.events = events;
        this.selection = new Selection(config.prometheusPodSelector(), config.excludedNamespaces());
        this.resolver = new SpecResolver(InjectionDefaults.from(config));
    }

    /** Parses an AdmissionReview body; fails with an HttpError(400) on bad input; never hangs. */
    public Future<AdmissionResult> review(Buffer body) {
        Context ctx = Vertx.currentContext();
        try {
            return onContext(ctx, decide(parse(body)));
        } catch (RuntimeException e) {
            // HttpError for bad input; anything else is our bug, still reported through the future, never thrown
            return Future.failedFuture(e);
        }
    }

    /** Reads a heap request buffer in place (Vert.x's are), else a copy of it. */
    private static ReviewRequest parse(Buffer body) {
        io.netty.buffer.ByteBuf buf =
                body instanceof io.vertx.core.internal.buffer.BufferInternal internal ? internal.getByteBuf() : null;
        if (buf != null && buf.hasArray()) {
            return ReviewRequest.parse(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        }
        return ReviewRequest.parse(body.getBytes());
    }

    private Future<AdmissionResult> decide(ReviewRequest req) {
        if (!req.isPodCreate()) {
            return Future.succeededFuture(answer(req, null, List.of(), Outcome.SKIPPED, "not_a_pod_create"));
        }
        Pod pod = parsePod(req);
        String namespace = req.namespace() != null && !req.namespace().isEmpty()
                ? req.namespace()
                : pod.getMetadata() != null ? pod.getMetadata().getNamespace() : null;
        if (namespace == null || namespace.isEmpty()) {
            throw ReviewRequest.bad("AdmissionReview request for a pod has no namespace");
        }
        Selection.Decision decision = selection.decide(pod, namespace, false);
        if (!decision.inject()) {
            List<String> warnings = decision.warning().map(List::of).orElse(List.of());
            decision.warning().ifPresent(w -> LOG.info("pod {}/{}: {}", namespace, podName(pod), w));
            return Future.succeededFuture(answer(
                    req, null, warnings, Outcome.SKIPPED, decision.verdict().reason()));
        }
        String sa = pod.getSpec() == null || blank(pod.getSpec().getServiceAccountName())
                ? "default"
                : pod.getSpec().getServiceAccountName();
        Map<String, String> pa = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        boolean needSa = blank(pa.get(Keys.CLIENT_ID)) || blank(pa.get(Keys.TENANT_ID));
        boolean needNs = blank(pa.get(Keys.INGESTION_URL));
        Future<Optional<Map<String, String>>> saF = needSa
                ? bounded(
                        () -> lookup.serviceAccountAnnotations(namespace, sa), "ServiceAccount " + namespace + "/" + sa)
                : Future.succeededFuture(Optional.empty());
        Future<Optional<ObjectMeta>> nsF = needNs
                ? bounded(() -> lookup.namespace(namespace), "Namespace " + namespace)
                : Future.succeededFuture(Optional.empty());
        return Future.join(saF, nsF).transform(ignored -> {
            Throwable failure = saF.failed() ? saF.cause() : nsF.failed() ? nsF.cause() : null;
            if (failure != null) {
                String reason = Timeouts.isTimeout(failure) ? "api_timeout" : "api_error";
                String message = "azmon-rw: " + OneLine.of(failure, WARNING_DETAIL_CHARS)
                        + "; pod admitted without the remote-write proxy";
                return Future.succeededFuture(withoutProxy(req, pod, namespace, message, Outcome.ERROR, reason));
            }
            Map<String, String> saAnnotations =
                    saF.result() == null ? Map.of() : saF.result().orElse(Map.of());
            Map<String, String> nsAnnotations = nsF.result() == null
                    ? Map.of()
                    : nsF.result()
                            .map(m -> m.getAnnotations() == null ? Map.<String, String>of() : m.getAnnotations())
                            .orElse(Map.of());
            return Future.succeededFuture(inject(req, pod, namespace, sa, nsAnnotations, saAnnotations));
        });
    }

    private AdmissionResult inject(
            ReviewRequest req,
            Pod pod,
            String namespace,
            String sa,
            Map<String, String> nsAnnotations,
            Map<String, String> saAnnotations) {
        List<String> warnings = new ArrayList<>();
        SpecResolver.Resolution res =
                resolver.resolve(pod, namespace, sa, nsAnnotations, saAnnotations, nativeDefault(), warnings);
        if (res.spec().isEmpty()) {
            AdmissionResult r = withoutProxy(req, pod, namespace, res.message(), Outcome.SKIPPED, res.reason());
            if (warnings.isEmpty()) {
                return r;
            }
            warnings.add(0, res.message());
            return answer(req, null, warnings, Outcome.SKIPPED, res.reason());
        }
        ArrayNode patch = PodPatches.injectionPatch(mutator, pod, res.spec().get());
        LOG.debug("pod {}/{}: injected ({} patch operations)", namespace, podName(pod), patch.size());
        return answer(req, patch, warnings, Outcome.INJECTED, "injected");
    }

    private AdmissionResult withoutProxy(
            ReviewRequest req, Pod pod, String namespace, String message, Outcome outcome, String reason) {
        LOG.warn("pod {}/{} not injected ({}): {}", namespace, podName(pod), reason, message);
        if (!req.dryRun()) {
            try {
                events.identityMissing(pod, namespace, message);
            } catch (RuntimeException e) {
                LOG.warn("could not report an event for pod {}/{}: {}", namespace, podName(pod), String.valueOf(e));
            }
        }
        return answer(req, null, List.of(message), outcome, reason);
    }

    private boolean nativeDefault() {
        return switch (config.sidecarMode()) {
            case NATIVE -> true;
            case CONTAINER -> false;
            case AUTO -> {
                try {
                    yield lookup.nativeSidecarsSupported();
                } catch (RuntimeException e) {
                    yield false;
                }
            }
        };
    }

    private static Pod parsePod(ReviewRequest req) {
        if (req.object() == null) {
            throw ReviewRequest.bad("AdmissionReview request has no object");
        }
        ReviewRequest.ReviewObject object = req.object();
        if (!object.isObject()) {
            throw ReviewRequest.bad("request.object is not a JSON object");
        }
        String kind = object.kind() == null ? "Pod" : object.kind();
        if (!kind.equals("Pod")) {
            throw ReviewRequest.bad("request.object is a " + OneLine.of(kind) + ", not a Pod");
        }
        try {
            return PodPatches.admissionPod(object.body(), object.offset(), object.length());
        } catch (IllegalArgumentException e) {
            throw ReviewRequest.bad("request.object is not a Pod: " + OneLine.of(e, WARNING_DETAIL_CHARS));
        }
    }

    private static AdmissionResult answer(
            ReviewRequest req, ArrayNode patch, List<String> warnings, Outcome outcome, String reason) {
        return new AdmissionResult(
                ReviewResponses.build(req.apiVersion(), req.uid(), patch, warnings), outcome, reason);
    }

    /** Bounds a lookup by API_TIMEOUT with a Vert.x timer, so a hanging API server never hangs the admission. */
    private <T> Future<T> bounded(Supplier<Future<T>> call, String what) {
        Future<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        if (f == null) {
            f = Future.failedFuture("lookup returned no result");
        }
        Promise<T> promise = Promise.promise();
        long ms = config.apiTimeout().toMillis();
        Runnable onTimeout =
                () -> promise.tryFail(new TimeoutException("reading " + what + " timed out after " + ms + " ms"));
        long timer = vertx.setTimer(ms, t -> onTimeout.run());
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                promise.tryComplete(ar.result());
            } else {
                promise.tryFail(new IllegalStateException(
                        "reading " + what + " failed: " + OneLine.of(ar.cause()), ar.cause()));
            }
        });
        return promise.future();
    }

    /** Completes on the caller's context, since lookups and timers may complete on other threads. */
    private static <T> Future<T> onContext(Context ctx, Future<T> f) {
        if (ctx == null) {
            return f;
        }
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == ctx) {
                p.handle(ar);
            } else {
                ctx.runOnContext(x -> p.handle(ar));
            }
        });
        return p.future();
    }

    static String podName(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        if (m == null) {
            return "<unnamed>";
        }
        if (!blank(m.getName())) {
            return m.getName();
        }
        return blank(m.getGenerateName()) ? "<unnamed>" : m.getGenerateName() + "*";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
