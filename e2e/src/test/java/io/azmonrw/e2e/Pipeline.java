package io.azmonrw.e2e;

import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The e2e pipeline of one test class: testkit's stand-ins, a synthetic target, the proxy as a process and a real
 * Prometheus scraping the target and remote-writing through the proxy; a summary file under e2e/target. Started in
 * that order, stopped in reverse by {@link #stop()} (also after a failed start).
 */
final class Pipeline {
    final Path work;
    final Path summary;
    Vertx vertx;
    StandIns standIns;
    SyntheticTarget target;
    ProxyProcess proxy;
    PrometheusProcess prom;
    /** When Prometheus was started (epoch ms): no sample of the run is older. */
    long promStartMs;

    /** Makes the work folder ({@code workPrefix}) and the summary {@code e2e/target/<summaryFile>}, headed by {@code title}. */
    Pipeline(String workPrefix, String summaryFile, String title) throws IOException {
        PrometheusProcess.binary();
        Path root = root();
        work = Files.createTempDirectory(workPrefix);
        summary = root.resolve("e2e/target/" + summaryFile);
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, title + " " + Instant.now() + " work dir " + work + "\n", StandardCharsets.UTF_8);
    }

    private static Path root() {
        return Path.of(System.getProperty("azmonrw.root", ".")).toAbsolutePath().normalize();
    }

    /**
     * Starts everything: tokens live {@code tokenLifetime}; Prometheus scrapes the target, itself and (when
     * {@code scrapeProxy}) the proxy, then this waits until the first synthetic samples reach the stand-in.
     */
    Pipeline start(int series, int groups, Duration tokenLifetime, boolean scrapeProxy) throws Exception {
        vertx = Vertx.vertx();
        standIns = StandIns.start(vertx, work.resolve("standins"))
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        standIns.entra().tokenLifetime(tokenLifetime);
        target = new SyntheticTarget(vertx, series, groups);
        target.start().toCompletionStage().toCompletableFuture().get();
        proxy = new ProxyProcess(
                ProxyProcess.defaultJar(root()),
                standIns.proxyEnv(),
                Ports.freeLoopbackPort(),
                work.resolve("proxy.log"));
        proxy.start();
        proxy.awaitReady(Duration.ofSeconds(120), true);
        int promPort = Ports.freeLoopbackPort();
        PrometheusConfig config = new PrometheusConfig()
                .scrape("synthetic", target.address())
                .scrape("prometheus", "127.0.0.1:" + promPort);
        if (scrapeProxy) {
            config.scrape("proxy", "127.0.0.1:" + proxy.port());
        }
        promStartMs = System.currentTimeMillis();
        prom = PrometheusProcess.start(
                work.resolve("prometheus"), config.remoteWrite(proxy.writeUrl()).yaml(), promPort);
        prom.awaitReady(Duration.ofSeconds(60));
        awaitFirstSamples(Duration.ofSeconds(90));
        return this;
    }

    private void awaitFirstSamples(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (standIns.ingestion().received().seriesKeys().stream()
                    .anyMatch(k -> k.contains(SyntheticTarget.METRIC))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no synthetic sample reached the stand-in in " + timeout + "; logs in " + work);
    }

    /** Prints the line and appends it to the summary. */
    void note(String line) throws IOException {
        System.out.println("[e2e] " + line);
        Files.writeString(summary, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    void stop() throws Exception {
        if (prom != null) {
            prom.stop();
        }
        if (proxy != null) {
            note("proxy exit code on SIGTERM: " + proxy.stop());
        }
        if (standIns != null) {
            standIns.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
