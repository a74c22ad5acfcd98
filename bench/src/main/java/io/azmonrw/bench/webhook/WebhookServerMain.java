package io.azmonrw.bench.webhook;

import io.azmonrw.common.http.FailureHandler;
import io.azmonrw.webhook.admission.AdmissionResult;
import io.azmonrw.webhook.admission.AdmissionService;
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

/**
 * The webhook's real /mutate route (MutateHandler over AdmissionService, FailureHandler) on HTTPS, with a cluster
 * lookup that needs no API server; forked and pinned by the bench like the proxy. Args: cert key httpsPort readyPort.
 */
public final class WebhookServerMain {

  private WebhookServerMain() {}

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    AdmissionService admission = Reviews.service(vertx);
    // check the benchmark measures real injections, not skips
    for (String pod : new String[] {"kps", "large"}) {
      AdmissionResult r = admission.review(Buffer.buffer(Reviews.review(pod, "check"))).toCompletionStage().toCompletableFuture().join();
      if (r.outcome() != Outcome.INJECTED) {
        System.err.println("webhook bench: fixture not injected: " + r.outcome() + " " + r.reason());
        System.exit(2);
      }
    }
    Router router = Router.router(vertx);
    new MutateHandler(admission, new WebhookMetrics(new SimpleMeterRegistry())).mount(router);
    router.route().failureHandler(new FailureHandler());
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(args[2])).setSsl(true).setUseAlpn(true)
            .setKeyCertOptions(new PemKeyCertOptions().addCertPath(args[0]).addKeyPath(args[1])))
        .requestHandler(router).listen().toCompletionStage().toCompletableFuture().join();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(args[3])))
        .requestHandler(req -> req.response().end("ok")).listen().toCompletionStage().toCompletableFuture().join();
  }
}
