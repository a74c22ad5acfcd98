package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.common.Contract.Injection;
import io.azmonrw.common.config.Quantity;
import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import io.azmonrw.testkit.StandIns;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The abuse run of issue 16 against the proxy as the image runs it: a forked JVM with images/proxy.flags (SerialGC,
 * heap = 30% of MaxRAM, exit on OutOfMemoryError) and the 256 MiB memory limit the webhook injects, all defaults.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseIT {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static StandIns standIns;
    private static IngestionStandIn ingestion;
    private static ProxyProcess proxy;
    private static int port;
    /** The memory limit the webhook injects by default, as -XX:MaxRAM. */
    static final int LIMIT_MIB =
            Math.toIntExact(Quantity.parse(Injection.DEFAULT_MEMORY_LIMIT).mebibytes());
    /** The whole process (heap, metaspace, code, stacks, direct and malloc'd memory) at its peak stays this far under. */
    static final double HEADROOM = 0.9;
    /** Extra proxy env for measurements, e.g. -Dabuse.env=MALLOC_ARENA_MAX=2. */
    private static final Map<String, String> EXTRA =
            System.getProperty("abuse.env", "").isBlank()
                    ? Map.of()
                    : Map.of(
                            System.getProperty("abuse.env").split("=", 2)[0],
                            System.getProperty("abuse.env").split("=", 2)[1]);

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        standIns = StandIns.start(vertx, dir)
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        ingestion = IngestionStandIn.startPlainHttp();
        Map<String, String> env = new HashMap<>(standIns.managedIdentity().imdsEnv());
        env.put("INGESTION_URL", ingestion.ingestionUrl("dcr-test"));
        env.put("ALLOW_INSECURE_UPSTREAM", "true");
        env.put("IDENTITY_TYPE", "systemAssigned");
        env.put("SHUTDOWN_QUIET_PERIOD", "0s");
        // as the image's Env sets it: fewer glibc malloc arenas, less native memory held by idle threads
        env.put("MALLOC_ARENA_MAX", "2");
        env.putAll(EXTRA);
        Path flags = Path.of("..", "images", "proxy.flags").toAbsolutePath().normalize();
        assertThat(flags).exists();
        proxy = new ProxyProcess(
                env,
                List.of("-XX:Flags=" + flags, "-XX:MaxRAM=" + LIMIT_MIB + "m", "-XX:NativeMemoryTracking=summary"));
        port = proxy.port(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            System.out.println("proxy peak RSS: " + peakRss(proxy.process.pid()));
            Process nmt = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(proxy.process.pid()),
                            "VM.native_memory",
                            "summary")
                    .redirectErrorStream(true)
                    .start();
            System.out.println(
                    new String(nmt.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            nmt.waitFor(30, TimeUnit.SECONDS);
            proxy.close();
        }
        if (ingestion != null) {
            ingestion.close();
        }
        if (standIns != null) {
            standIns.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                    .toList()
                    .toString();
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static HttpResponse<String> write(byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String name) throws Exception {
        String text = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    private static void alive() throws Exception {
        assertThat(proxy.process.isAlive())
                .as("proxy JVM alive; its log: %s", proxy.lines())
                .isTrue();
        assertThat(write(Payloads.rw1(2, 3, System.currentTimeMillis())).statusCode())
                .isEqualTo(204);
        BadInputIT.waitFor(
                () -> {
                    try {
                        return metric(BudgetReturnIT.INFLIGHT) == 0;
                    } catch (Exception e) {
                        return false;
                    }
                },
                Duration.ofSeconds(30));
        assertThat(metric(BudgetReturnIT.LEAKS)).isZero();
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(1)
    void eightOversizedChunkedUploadsLeaveTheBudgetEmpty() throws Exception {
        byte[] chunk = new byte[4 * 1024 * 1024];
        for (int i = 0; i < 8; i++) {
            try (RawHttp c = new RawHttp(port)) {
                c.send(RawHttp.WRITE_HEAD + "Transfer-Encoding: chunked\r\n\r\n");
                RawHttp.Response r = null;
                try {
                    // past MAX_BODY_BYTES (32 MiB by default; less on a smaller heap)
                    for (int k = 0; k < 10; k++) {
                        c.chunk(chunk);
                    }
                    c.send("0\r\n\r\n");
                } catch (java.io.IOException e) {
                    // the proxy answered 413 and closed before the rest was sent
                }
                r = c.read();
                assertThat(r).isNotNull();
                assertThat(r.status()).isEqualTo(413);
            } catch (java.net.SocketException e) {
                // a reset after the 413 may hide it; the budget check below is what matters
            }
        }
        alive();
    }

    @Test
    @Order(2)
    void aSnappyBombOf200MegabytesIs413AndTheJvmLives() throws Exception {
        byte[] bomb = Snappy.compress(new byte[200_000_000]);
        assertThat(bomb.length).isLessThan(16 * 1024 * 1024);
        HttpResponse<String> r = write(bomb);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("MAX_DECODED_BYTES").doesNotContain("\n");
        alive();
    }

    @Test
    @Order(3)
    void fiftyConcurrentFiveMegabyteWritesDegradeTo503AndTheJvmLives() throws Exception {
        byte[] body = fiveMegabyteBody();
        assertThat(body.length).isGreaterThan(5_000_000);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                    .timeout(Duration.ofSeconds(180))
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            all.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            String key;
            try {
                key = Integer.toString(f.get(300, TimeUnit.SECONDS).statusCode());
            } catch (java.util.concurrent.ExecutionException e) {
                // the proxy may close a connection whose upload it refused before reading it all
                key = "closed";
            }
            statuses.merge(key, 1, Integer::sum);
        }
        System.out.println("50 concurrent 5 MB writes (extra env " + EXTRA + "): " + statuses + "; "
                + peakRss(proxy.process.pid()));
        assertThat(statuses.keySet()).allMatch(k -> k.equals("204") || k.equals("503") || k.equals("closed"));
        assertThat(statuses.getOrDefault("204", 0)).isPositive();
        assertThat(statuses.getOrDefault("503", 0) + statuses.getOrDefault("closed", 0))
                .isPositive();
        alive();
    }

    @Test
    @Order(4)
    void thePeakResidentMemoryOfTheWholeProcessFitsTheInjectedLimitWithHeadroom() throws Exception {
        // VmHWM: the most resident memory the process ever had, so it covers the abuse above, not only this moment
        long peakKib = Files.readAllLines(Path.of("/proc", Long.toString(proxy.process.pid()), "status")).stream()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElseThrow();
        System.out.println("proxy VmHWM " + peakKib / 1024 + " MiB against a limit of " + LIMIT_MIB + " MiB");
        assertThat(peakKib).as("VmHWM in KiB").isLessThanOrEqualTo((long) (LIMIT_MIB * 1024 * HEADROOM));
    }

    /** One series whose label value is 5.2 MB of random letters and digits: snappy finds nothing to shorten. */
    static byte[] fiveMegabyteBody() throws Exception {
        Random random = new Random(16);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        byte[] value = new byte[5_200_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream lo = com.google.protobuf.CodedOutputStream.newInstance(label);
        lo.writeString(1, "blob");
        lo.writeByteArray(2, value);
        lo.flush();
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream no = com.google.protobuf.CodedOutputStream.newInstance(name);
        no.writeString(1, "__name__");
        no.writeString(2, "big");
        no.flush();
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream so = com.google.protobuf.CodedOutputStream.newInstance(series);
        so.writeByteArray(1, name.toByteArray());
        so.writeByteArray(1, label.toByteArray());
        so.flush();
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream ro = com.google.protobuf.CodedOutputStream.newInstance(req);
        ro.writeByteArray(1, series.toByteArray());
        ro.flush();
        return Snappy.compress(req.toByteArray());
    }
}
