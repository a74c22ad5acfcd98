package io.azmonrw.bench.jmh;

import io.azmonrw.bench.gen.Payloads;
import io.azmonrw.bench.gen.Payloads.Version;
import io.azmonrw.bench.gen.SeriesSet;
import io.azmonrw.proxy.decode.DecodeException;
import io.azmonrw.proxy.decode.RemoteWriteDecoder;
import io.azmonrw.proxy.decode.RemoteWriteVersion;
import io.azmonrw.proxy.decode.WriteStats;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xerial.snappy.Snappy;

/**
 * The proxy's decode step (snappy + protobuf validation and counting) on one 2,000-sample request, beside snappy
 * decompression alone into a reused buffer (the floor: the proxy cannot validate faster than it decompresses).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBench {

    @Param({"V1", "V2"})
    public String version;

    private byte[][] bodies;
    private Buffer[] buffers;
    private byte[] scratch;
    private RemoteWriteDecoder decoder;
    private RemoteWriteVersion rwVersion;
    private int next;

    @Setup
    public void setup() {
        Version v = Version.valueOf(version);
        Payloads p = Payloads.build(v, SeriesSet.generate(10_000, 42), 2_000, 2);
        bodies = p.workload().bodies();
        buffers = new Buffer[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            buffers[i] = Buffer.buffer(bodies[i]);
        }
        scratch = new byte[(int) p.meanRawBytes() * 4];
        decoder = new RemoteWriteDecoder(256L << 20);
        rwVersion = v == Version.V1 ? RemoteWriteVersion.V1 : RemoteWriteVersion.V2;
    }

    /** One request through the proxy's decoder. */
    @Benchmark
    public WriteStats decode() throws DecodeException {
        next = (next + 1) % buffers.length;
        return decoder.decode(buffers[next], rwVersion);
    }

    /** Snappy decompression alone, into a reused array. */
    @Benchmark
    public int snappyOnly() throws IOException {
        next = (next + 1) % bodies.length;
        byte[] b = bodies[next];
        return Snappy.uncompress(b, 0, b.length, scratch, 0);
    }
}
