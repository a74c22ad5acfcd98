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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Proves an unpacked image works by running its entrypoint the way a pod would and using it for real against
 * local stand-ins: the proxy forwards a remote write with an Entra stand-in's token, the webhook answers an
 * AdmissionReview over TLS and patches a pod offline. All traffic stays on 127.0.0.1.
 */
final class Smoke implements AutoCloseable {

    /** How an image proves it runs. */
    enum Kind {
        PROXY("proxy", "/health", "/ready"),
        WEBHOOK("webhook", "/healthz", "/readyz");

        final String what;
        final String health;
        final String ready;

        Kind(String what, String health, String ready) {
            this.what = what;
            this.health = health;
            this.ready = ready;
        }
    }

    /** One image to run: which service, through which sandbox (native or emulated), from which root and how. */
    record Target(Kind kind, Sandbox box, Path rootfs, List<String> entrypoint, List<String> imageEnv) {}

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
        Target t = new Target(kind, sandbox.forPlatform(platform), rootfs, entrypoint, imageEnv);
        return kind == Kind.PROXY
                ? new ProxySmoke(this, t.box(), vertx).run(t, javaToolOptions)
                : new WebhookSmoke(this, t.box(), podFixture).run(t, javaToolOptions);
    }

    /** What a service is made to do once it is ready; returns what it proved. */
    interface Exercise {
        String run(Process p, HttpClient http, Path log) throws IOException, InterruptedException;
    }

    /**
     * Starts the entrypoint with env, times it to its first health answer, waits for ready, exercises it, then
     * SIGTERM must end it with exit 0 (the shutdown a rolling update relies on). inputs: what the check put in /tmp.
     */
    Outcome serve(Target t, Path tmp, Map<String, String> env, int port, Set<String> inputs, Exercise exercise)
            throws IOException, InterruptedException {
        Sandbox box = t.box();
        String what = t.kind().what;
        URI health = URI.create("http://127.0.0.1:" + port + t.kind().health);
        URI ready = URI.create("http://127.0.0.1:" + port + t.kind().ready);
        Path log = workDir.resolve(tmp.getFileName() + "-" + what + ".log");
        long t0 = System.nanoTime();
        Process p = box.start(t.rootfs(), tmp, t.entrypoint(), t.imageEnv(), env, log);
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            Duration startup = awaitOk(p, http, health, t0, box.timeout(), log, what);
            awaitOk(p, http, ready, t0, box.timeout(), log, what);
            String proven = exercise.run(p, http, log);
            Sandbox.terminate(p);
            long limit = box.emulated() ? 120 : 20;
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                throw Sandbox.failure(what + " did not exit within " + limit + " s of SIGTERM", log);
            }
            if (p.exitValue() != 0) {
                throw Sandbox.failure(what + " exited with " + p.exitValue() + " after SIGTERM (expected 0)", log);
            }
            return new Outcome(startup, Sandbox.written(tmp, inputs), tmp, proven + "; exit 0 on SIGTERM");
        } finally {
            Sandbox.kill(p);
        }
    }

    /** Polls url until it answers 200; returns the time since t0, or throws with the process' last output. */
    private static Duration awaitOk(
            Process p, HttpClient http, URI url, long t0, Duration timeout, Path log, String what)
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
            try {
                if (http.send(
                                        HttpRequest.newBuilder(url)
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing the stand-ins' event loops at exit: nothing left to protect
            }
        }
    }
}
