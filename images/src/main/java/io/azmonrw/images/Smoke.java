package io.azmonrw.images;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Proves an unpacked image works by running its entrypoint the way a pod would and using it for real against
 * local stand-ins: the proxy forwards a remote write with an Entra stand-in's token, the webhook answers an
 * AdmissionReview over TLS and patches a pod offline. All traffic stays on 127.0.0.1.
 */
final class Smoke implements AutoCloseable {

    /** How an image proves it runs. */
    enum Kind {
        PROXY,
        WEBHOOK
    }

    /** A run: time from start to the first health answer, what the service wrote under /tmp, and what was proven. */
    record Outcome(Duration startup, List<String> written, Path tmp, String proven) {}

    private final Sandbox sandbox;
    private final Path podFixture;
    private final Path workDir;
    private Vertx vertx;

    Smoke(Sandbox sandbox, Path podFixture, Path workDir) {
        this.sandbox = sandbox;
        this.podFixture = podFixture;
        this.workDir = workDir;
    }

    String unavailable(Platform platform) {
        return sandbox.unavailable(platform);
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** javaToolOptions: extra JVM options for this run only (the CDS training passes its class-list option so). */
    Outcome run(
            Kind kind,
            Platform platform,
            Path rootfs,
            List<String> entrypoint,
            List<String> imageEnv,
            String javaToolOptions)
            throws IOException, InterruptedException {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        Sandbox box = sandbox.forPlatform(platform);
        return kind == Kind.PROXY
                ? new ProxySmoke(box, vertx, workDir).run(rootfs, entrypoint, imageEnv, javaToolOptions)
                : new WebhookSmoke(box, podFixture, workDir).run(rootfs, entrypoint, imageEnv, javaToolOptions);
    }

    /** Polls url until it answers 200; returns the time since t0, or throws with the process' last output. */
    static Duration awaitOk(Process p, HttpClient http, URI url, long t0, Duration timeout, Path log, String what)
            throws IOException, InterruptedException {
        while (true) {
            if (!p.isAlive()) {
                throw Sandbox.failure(
                        what + " exited with " + p.exitValue() + " before " + url.getPath() + " answered", log);
            }
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                throw Sandbox.failure(
                        what + " did not answer " + url.getPath() + " within " + timeout.toSeconds() + " s", log);
            }
            if (status(http, url) == 200) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(20);
        }
    }

    static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** SIGTERM, then the exit status must be 0 within 20 s (native): the shutdown a rolling update relies on. */
    static void stopCleanly(Process p, Sandbox box, Path log, String what) throws IOException, InterruptedException {
        Sandbox.terminate(p);
        long limit = box.emulated() ? 120 : 20;
        if (!p.waitFor(limit, java.util.concurrent.TimeUnit.SECONDS)) {
            throw Sandbox.failure(what + " did not exit within " + limit + " s of SIGTERM", log);
        }
        if (p.exitValue() != 0) {
            throw Sandbox.failure(what + " exited with " + p.exitValue() + " after SIGTERM (expected 0)", log);
        }
    }

    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing the stand-ins' event loops at exit: nothing left to protect
            }
        }
    }
}
