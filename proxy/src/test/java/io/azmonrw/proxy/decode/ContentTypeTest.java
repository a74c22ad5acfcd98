package io.azmonrw.proxy.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content-Type to protocol version, as the remote-write 1.0 and 2.0 specifications name them. */
class ContentTypeTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "application/x-protobuf                                                 | V1",
                "application/x-protobuf;proto=prometheus.WriteRequest                   | V1",
                "application/x-protobuf; proto=prometheus.WriteRequest                  | V1",
                "'  Application/X-Protobuf ; PROTO = prometheus.writerequest  '         | V1",
                "application/x-protobuf;                                                | V1",
                "application/x-protobuf;charset=utf-8                                   | V1",
                "application/x-protobuf;proto=\"prometheus.WriteRequest\"               | V1",
                "application/x-protobuf;proto=io.prometheus.write.v2.Request            | V2",
                "application/x-protobuf; proto=io.prometheus.write.v2.Request           | V2",
                "APPLICATION/X-PROTOBUF;Proto=IO.Prometheus.Write.V2.Request            | V2",
                "application/x-protobuf ; charset=utf-8 ; proto=io.prometheus.write.v2.Request | V2",
                "application/x-protobuf;proto=\"io.prometheus.write.v2.Request\"        | V2",
                "application/x-protobuf;proto=io.prometheus.write.v2.Request;proto=io.prometheus.write.v2.Request | V2",
                "application/x-protobuf;proto=io.prometheus.write.v3.Request            | NULL",
                "application/x-protobuf;proto=                                          | NULL",
                "application/x-protobuf;proto=prometheus.WriteRequest;proto=io.prometheus.write.v2.Request | NULL",
                "application/x-protobuf2                                                | NULL",
                "application/protobuf                                                   | NULL",
                "application/json                                                       | NULL",
                "text/plain;proto=prometheus.WriteRequest                               | NULL",
                "x-protobuf                                                             | NULL",
                "''                                                                     | NULL",
                "NULL                                                                   | NULL",
            })
    void mapsContentTypeToVersion(String contentType, RemoteWriteVersion expected) {
        assertThat(RemoteWriteVersion.fromContentType(contentType)).isEqualTo(expected);
    }
}
