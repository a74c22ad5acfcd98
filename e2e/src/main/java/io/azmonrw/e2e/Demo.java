package io.azmonrw.e2e;

import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code make demo}: stand-ins, the proxy, the webhook and a real Prometheus on this machine, no cloud account;
 * shows the webhook's change to a kube-prometheus-stack pod, then samples flowing, then what was lost (nothing).
 */
public final class Demo {
    private static volatile boolean stopRequested;
    private static final Duration TOKEN_LIFETIME =
            Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("DEMO_TOKEN_LIFETIME_SECONDS", "20")));

    private Demo() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("azmonrw.root", "."))
                .toAbsolutePath()
                .normalize();
        int seconds = Integer.parseInt(System.getenv().getOrDefault("DEMO_SECONDS", "30"));
        Path work = Files.createTempDirectory("azmon-rw-demo");
        ChildProcess.killOnExit(false);
        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopRequested = true;
                            main.interrupt();
                            try {
                                finished.await(90, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-stop"));
        Stack stack = new Stack();
        try {
            run(root, seconds, work, stack);
        } finally {
            stack.stop();
            System.out.println("stopped everything; logs and files in " + work);
            finished.countDown();
        }
    }

    /** What the demo started, stopped in reverse order. */
    static final class Stack {
        Vertx vertx;
        StandIns standIns;
        ProxyProcess proxy;
        ChildProcess webhook;
        PrometheusProcess prom;

        void stop() {
            if (prom != null) {
                prom.stop();
            }
            if (webhook != null) {
                webhook.stop(20);
            }
            if (proxy != null) {
                proxy.stop();
            }
            if (standIns != null) {
                standIns.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    static void run(Path root, int seconds, Path work, Stack s) throws Exception {
        step("1/5 stand-ins for Entra ID and Azure Monitor (HTTPS, test CA generated now) on 127.0.0.1");
        s.vertx = Vertx.vertx();
        s.standIns = StandIns.start(s.vertx, work.resolve("standins"))
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        // short tokens so that refreshes happen while you watch
        s.standIns.entra().tokenLifetime(TOKEN_LIFETIME);
        IngestionStandIn ingestion = s.standIns.ingestion();
        System.out.println("  token endpoint " + s.standIns.entra().tokenUrl(StandIns.TENANT_ID));
        System.out.println("  ingestion      " + ingestion.ingestionUrl(StandIns.DCR_ID));

        step("2/5 the proxy (java -jar proxy/target/azmon-rw-proxy.jar), workload identity against the stand-ins");
        s.proxy = new ProxyProcess(
                ProxyProcess.defaultJar(root),
                s.standIns.proxyEnv(),
                Ports.freeLoopbackPort(),
                work.resolve("proxy.log"));
        s.proxy.start();
        s.proxy.awaitReady(Duration.ofSeconds(120), true);
        System.out.println("  listening on " + s.proxy.baseUrl() + ", token obtained");

        step("3/5 the webhook: admission server, and its injection into a kube-prometheus-stack Prometheus pod");
        WebhookProcess wh = new WebhookProcess(root);
        int mgmt = Ports.freeLoopbackPort();
        Map<String, String> whEnv = s.standIns.webhookEnv(Ports.freeLoopbackPort(), mgmt);
        s.webhook = wh.startServer(whEnv, mgmt, work.resolve("webhook.log"), Duration.ofSeconds(60));
        if (s.webhook != null) {
            System.out.println("  admission server up (health http://127.0.0.1:" + mgmt + "/healthz)");
        }
        Path pod = work.resolve("kps-prometheus-pod.yaml");
        try (InputStream in = Demo.class.getResourceAsStream("/demo/kps-prometheus-pod.yaml")) {
            Files.copy(in, pod, StandardCopyOption.REPLACE_EXISTING);
        }
        Path e2eJar = root.resolve("e2e/target/azmon-rw-e2e.jar");
        System.out.println(wh.injectDiff(
                pod,
                work.resolve("inject"),
                List.of(
                        "--client-id",
                        StandIns.CLIENT_ID,
                        "--tenant-id",
                        StandIns.TENANT_ID,
                        "--ingestion-url",
                        ingestion.ingestionUrl(StandIns.DCR_ID)),
                e2eJar));

        step("4/5 a real Prometheus (" + PrometheusProcess.binary() + ") scraping itself and the proxy, "
                + "remote-writing through the proxy");
        int promPort = Ports.freeLoopbackPort();
        String config = new PrometheusConfig()
                .scrape("prometheus", "127.0.0.1:" + promPort)
                .scrape("azmon-rw-proxy", "127.0.0.1:" + s.proxy.port())
                .remoteWrite(s.proxy.writeUrl())
                .yaml();
        s.prom = PrometheusProcess.start(work.resolve("prometheus"), config, promPort);
        s.prom.awaitReady(Duration.ofSeconds(60));
        System.out.println("  " + s.prom.baseUrl() + " (remote write to " + s.proxy.writeUrl() + ")");

        step("5/5 samples flowing for " + seconds + " s (Ctrl-C to stop early)");
        Progress p = new Progress(s);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int tick = 0;
        while (!stopRequested && System.nanoTime() < end) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                break;
            }
            System.out.println(p.line(++tick));
        }
        Thread.interrupted();
        p.summary();
    }

    static void step(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    /** Reads the three sides' counters. */
    static final class Progress {
        private final Stack s;

        Progress(Stack s) {
            this.s = s;
        }

        String line(int tick) {
            RemoteWriteCounters c = s.prom.remoteWrite();
            MetricsText pm = s.proxy.metricsOrNull();
            double forwarded = pm == null
                    ? Double.NaN
                    : pm.sum("azmon_rw_proxy_samples_total", l -> "forwarded".equals(l.get("result")));
            return String.format(
                    Locale.ROOT,
                    "[%3ds] prometheus sent %,9.0f | proxy forwarded %,9.0f | stand-in accepted %,9d"
                            + " | tokens issued %d",
                    tick,
                    c.samplesSent() - c.samplesRetried(),
                    forwarded,
                    s.standIns.ingestion().acceptedSamples(),
                    s.standIns.entra().issuedTokens().size());
        }

        /** Lets Prometheus' queue drain (bounded), then computes "lost" from its own counters. */
        void summary() throws InterruptedException {
            long scrapedUntil = System.currentTimeMillis();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            RemoteWriteCounters c = s.prom.remoteWrite();
            while (c.highestSentSeconds() < scrapedUntil / 1000.0 - 1 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                c = s.prom.remoteWrite();
            }
            double delivered = c.samplesSent() - c.samplesRetried() - c.samplesFailed();
            long accepted = s.standIns.ingestion().acceptedSamples();
            double notArrived = Math.max(0, delivered - accepted);
            double lost = c.samplesFailed() + c.samplesDropped() + notArrived;
            step("summary");
            System.out.printf(
                    Locale.ROOT,
                    "  Prometheus sent      %,12.0f samples (%,.0f retried, %,.0f failed, %,.0f dropped,"
                            + " %,.0f still pending)%n",
                    c.samplesSent() - c.samplesRetried(),
                    c.samplesRetried(),
                    c.samplesFailed(),
                    c.samplesDropped(),
                    c.samplesPending());
            System.out.printf(
                    Locale.ROOT,
                    "  stand-in accepted    %,12d samples (%,d distinct, %,d duplicates), %d series%n",
                    accepted,
                    s.standIns.ingestion().received().uniqueSamples(),
                    s.standIns.ingestion().received().duplicates(),
                    s.standIns.ingestion().received().seriesCount());
            System.out.printf(
                    Locale.ROOT,
                    "  tokens issued        %12d (lifetime %s)%n",
                    s.standIns.entra().issuedTokens().size(),
                    TOKEN_LIFETIME);
            System.out.printf(
                    Locale.ROOT,
                    "  LOST                 %,12.0f samples = Prometheus failed + dropped + "
                            + "(sent - retried - failed - accepted, if > 0)%n",
                    lost);
        }
    }
}
