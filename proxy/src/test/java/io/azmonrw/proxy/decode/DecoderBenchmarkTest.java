package io.azmonrw.proxy.decode;

import static io.azmonrw.proxy.decode.Payloads.label;
import static io.azmonrw.proxy.decode.Payloads.sample;
import static io.azmonrw.proxy.decode.Payloads.snappy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xerial.snappy.Snappy;

/**
 * Throughput measurement, not a test: runs only with -Ddecoder.bench=true and prints MB/s (decompressed) and
 * samples/s of the full decode beside snappy decompression alone. See docs/decoder.md for the command.
 */
@EnabledIfSystemProperty(named = "decoder.bench", matches = "true")
class DecoderBenchmarkTest {
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;

    /** A Prometheus-like batch: {@code n} series of 10 labels with one sample each. */
    private static byte[] rw1Batch(int n) {
        Proto request = new Proto();
        for (int i = 0; i < n; i++) {
            request.msg(1, new Proto()
                    .msg(1, label("__name__", "container_cpu_usage_seconds_total"))
                    .msg(1, label("container", "app-" + (i % 17)))
                    .msg(1, label("cpu", "total"))
                    .msg(1, label("id", "/kubepods/burstable/pod" + Integer.toHexString(i * 2654435761L > 0 ? i : -i)))
                    .msg(1, label("image", "mcr.microsoft.com/oss/app:" + (i % 5)))
                    .msg(1, label("instance", "10.244." + (i % 7) + "." + (i % 251) + ":10250"))
                    .msg(1, label("job", "kubelet"))
                    .msg(1, label("namespace", "ns-" + (i % 11)))
                    .msg(1, label("node", "aks-nodepool1-" + (i % 3) + "-vmss00000" + (i % 9)))
                    .msg(1, label("pod", "app-" + (i % 17) + "-7d9f8c6b5-" + Integer.toString(i * 7919, 36)))
                    .msg(2, sample(i * 1.25, 1_700_000_000_000L + i)));
        }
        return request.bytes();
    }

    /** The same batch in remote write 2.0: label strings interned into the symbols table. */
    private static byte[] rw2Batch(int n) {
        Map<String, Integer> symbols = new LinkedHashMap<>();
        symbols.put("", 0);
        List<Proto> series = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] labels = {"__name__", "container_cpu_usage_seconds_total", "container", "app-" + (i % 17),
                "cpu", "total", "id", "/kubepods/burstable/pod" + i, "image", "mcr.microsoft.com/oss/app:" + (i % 5),
                "instance", "10.244." + (i % 7) + "." + (i % 251) + ":10250", "job", "kubelet",
                "namespace", "ns-" + (i % 11), "node", "aks-nodepool1-" + (i % 3) + "-vmss00000" + (i % 9),
                "pod", "app-" + (i % 17) + "-7d9f8c6b5-" + Integer.toString(i * 7919, 36)};
            long[] refs = new long[labels.length];
            for (int j = 0; j < labels.length; j++) {
                refs[j] = symbols.computeIfAbsent(labels[j], k -> symbols.size());
            }
            series.add(new Proto().packedUints(1, refs).msg(2, sample(i * 1.25, 1_700_000_000_000L + i)));
        }
        Proto request = new Proto();
        symbols.keySet().forEach(s -> request.str(4, s));
        series.forEach(s -> request.msg(5, s));
        return request.bytes();
    }

    private static List<byte[]> capturedBodies() {
        try (InputStream in = DecoderBenchmarkTest.class.getResourceAsStream("/decode/fixtures.json")) {
            JsonObject fixtures = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<byte[]> bodies = new ArrayList<>();
            for (Object o : fixtures.getJsonArray("requests")) {
                try (InputStream body = DecoderBenchmarkTest.class
                        .getResourceAsStream("/decode/" + ((JsonObject) o).getString("file"))) {
                    bodies.add(body.readAllBytes());
                }
            }
            return bodies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void measure() throws Exception {
        RemoteWriteDecoder decoder = new RemoteWriteDecoder(256L << 20);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %12s %12s %12s %14s %13s%n", "payload", "snappyKiB", "rawKiB",
                "snappy MB/s", "scan MB/s", "decode MB/s", "samples/s", "DynMsg MB/s");
        for (int n : new int[] {500, 2000}) {
            run(decoder, "RW1 " + n + " series x 10 labels", List.of(snappy(rw1Batch(n))), RemoteWriteVersion.V1);
            run(decoder, "RW2 " + n + " series x 10 labels", List.of(snappy(rw2Batch(n))), RemoteWriteVersion.V2);
        }
        run(decoder, "Prometheus 2.42 captured bodies", capturedBodies(), RemoteWriteVersion.V1);
    }

    private static void run(RemoteWriteDecoder decoder, String name, List<byte[]> bodies, RemoteWriteVersion v)
            throws Exception {
        List<Buffer> buffers = bodies.stream().map(Buffer::buffer).toList();
        long raw = 0;
        long compressed = 0;
        long samples = 0;
        int maxRaw = 0;
        for (byte[] b : bodies) {
            int len = Snappy.uncompressedLength(b);
            raw += len;
            maxRaw = Math.max(maxRaw, len);
            compressed += b.length;
            samples += decoder.decode(Buffer.buffer(b), v).samples();
        }
        byte[] out = new byte[maxRaw];
        // snappy alone, into one reused array: the floor under the full decode
        double snappyRounds = rounds(() -> {
            for (byte[] b : bodies) {
                Snappy.uncompress(b, 0, b.length, out, 0);
            }
        });
        List<byte[]> decoded = new ArrayList<>();
        for (byte[] b : bodies) {
            decoded.add(Snappy.uncompress(b));
        }
        // the protobuf scan alone, over already decompressed bytes
        double scanRounds = rounds(() -> {
            for (byte[] d : decoded) {
                if (v == RemoteWriteVersion.V1) {
                    V1Scanner.scan(d, 0, d.length);
                } else {
                    V2Scanner.scan(d, 0, d.length);
                }
            }
        });
        // for scale: protobuf-java's generic full parse of the same bytes (objects for every field)
        double genericRounds = rounds(() -> {
            for (byte[] d : decoded) {
                ReferenceParser.parse(d, v);
            }
        });
        double decodeRounds = rounds(() -> {
            for (Buffer b : buffers) {
                decoder.decode(b, v);
            }
        });
        System.out.printf(Locale.ROOT, "%-34s %9.1f %9.1f %12.0f %12.0f %12.0f %14.0f %13.0f%n", name,
                compressed / 1024.0, raw / 1024.0, snappyRounds * raw / 1e6, scanRounds * raw / 1e6,
                decodeRounds * raw / 1e6, decodeRounds * samples, genericRounds * raw / 1e6);
    }

    interface Round {
        void run() throws Exception;
    }

    /** Rounds per second after a warm-up. */
    private static double rounds(Round round) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < WARMUP_NANOS) {
            round.run();
        }
        long count = 0;
        start = System.nanoTime();
        long elapsed;
        do {
            round.run();
            count++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MEASURE_NANOS);
        return count * 1e9 / elapsed;
    }
}
