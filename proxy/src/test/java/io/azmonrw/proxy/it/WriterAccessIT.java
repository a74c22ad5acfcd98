package io.azmonrw.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.azmonrw.proxy.Payloads;
import io.azmonrw.testkit.IngestionStandIn;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ALLOWED_WRITERS and binding: only allowed writers may POST; health and metrics stay open; localhost works on both families. */
class WriterAccessIT {
    @Test
    void nonAllowedWriterIsRefusedButHealthAndMetricsStayOpen() throws Exception {
        try (IngestionStandIn ingestion = IngestionStandIn.startPlainHttp()) {
            Map<String, String> env = ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test"));
            // 127.0.0.1 is outside these networks, so this test's own writes play the part of a foreign writer
            env.put("ALLOWED_WRITERS", "10.0.0.0/8,fd00::/8");
            try (ProxyHarness proxy = new ProxyHarness(env, ProxyHarness.counting(new AtomicInteger()))) {
                HttpResponse<String> r = proxy.write(Payloads.rw1(1, 1, 0));
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(r.body()).contains("writer_not_allowed");
                assertThat(ingestion.requests()).isEmpty();
                assertThat(proxy.get("/health").statusCode()).isEqualTo(200);
                assertThat(proxy.get("/metrics").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void defaultBindingServesLoopbackOnIpv4AndIpv6() throws Exception {
        try (IngestionStandIn ingestion = IngestionStandIn.startPlainHttp()) {
            Map<String, String> env = ProxyHarness.insecure(ingestion.ingestionUrl("dcr-test"));
            env.put("LISTEN_ADDRESS", "");
            try (ProxyHarness proxy = new ProxyHarness(env, ProxyHarness.counting(new AtomicInteger()))) {
                assertThat(post("127.0.0.1", proxy.port)).isEqualTo(204);
                if (ipv6Loopback()) {
                    assertThat(post("[::1]", proxy.port)).isEqualTo(204);
                }
                assertThat(ingestion.requests()).hasSizeGreaterThanOrEqualTo(1);
            }
        }
    }

    private static int post(String host, int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/api/v1/write"))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.rw1(1, 1, 0)))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(req, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static boolean ipv6Loopback() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        return lo != null && lo.inetAddresses().anyMatch(a -> a instanceof Inet6Address);
    }
}
