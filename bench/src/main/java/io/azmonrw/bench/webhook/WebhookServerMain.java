package io.azmonrw.bench.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.azmonrw.common.Contract.Keys;
import io.azmonrw.common.http.FailureHandler;
import io.azmonrw.webhook.TestPods;
import io.azmonrw.webhook.admission.AdmissionEvents;
import io.azmonrw.webhook.admission.AdmissionResult;
import io.azmonrw.webhook.admission.AdmissionService;
import io.azmonrw.webhook.admission.MapClusterLookup;
import io.azmonrw.webhook.admission.Outcome;
import io.azmonrw.webhook.metrics.WebhookMetrics;
import io.azmonrw.webhook.server.MutateHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The webhook's real /mutate route (MutateHandler over AdmissionService, FailureHandler) on HTTPS, forked and pinned
 * by the bench like the proxy (args: cert key httpsPort readyPort); and the webhook benchmarks' input, from the webhook's
 * test-jar fixtures.
 */
public final class WebhookServerMain {

    private WebhookServerMain() {}

    /** An AdmissionReview of the kube-prometheus-stack Prometheus pod ("kps") or of it with 1,500 more env vars ("large", ~64 KiB). */
    public static byte[] review(String pod, String uid) {
        ObjectNode p = TestPods.pod("kps-prometheus.json");
        if (pod.equals("large")) {
            ArrayNode env = ((ObjectNode) p.path("spec").path("containers").get(0)).withArrayProperty("env");
            for (int i = 0; i < 1500; i++) {
                env.addObject().put("name", String.format("E_%04d", i)).put("value", String.format("val%05d", i));
            }
        }
        String review =
                TestPods.review("admission.k8s.io/v1", uid, "CREATE", p, false).toString();
        return review.getBytes(StandardCharsets.UTF_8);
    }

    /** The admission service with a ServiceAccount lookup answered from memory, as the informer cache would. */
    public static AdmissionService service(Vertx vertx) {
        MapClusterLookup lookup = new MapClusterLookup()
                .serviceAccount(
                        TestPods.NAMESPACE,
                        "kube-prometheus-stack-prometheus",
                        Map.of(Keys.WI_CLIENT_ID, TestPods.CLIENT_ID));
        return new AdmissionService(vertx, TestPods.config(Map.of()), lookup, AdmissionEvents.none());
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        AdmissionService admission = service(vertx);
        // check the benchmark measures real injections, not skips
        for (String pod : new String[] {"kps", "large"}) {
            AdmissionResult r =
                    admission.review(Buffer.buffer(review(pod, "check"))).await();
            if (r.outcome() != Outcome.INJECTED) {
                System.err.println("webhook bench: fixture not injected: " + r.outcome() + " " + r.reason());
                System.exit(2);
            }
        }
        Router router = Router.router(vertx);
        new MutateHandler(admission, new WebhookMetrics(new SimpleMeterRegistry())).mount(router);
        router.route().failureHandler(new FailureHandler());
        var tls = new PemKeyCertOptions().addCertPath(args[0]).addKeyPath(args[1]);
        var https = new HttpServerOptions().setSsl(true).setUseAlpn(true).setKeyCertOptions(tls);
        vertx.createHttpServer(https.setHost("127.0.0.1").setPort(Integer.parseInt(args[2])))
                .requestHandler(router)
                .listen()
                .await();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(args[3])))
                .requestHandler(req -> req.response().end("ok"))
                .listen()
                .await();
    }
}
