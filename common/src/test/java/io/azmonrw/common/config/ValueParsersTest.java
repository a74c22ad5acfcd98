package io.azmonrw.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "5m,300000", "1h30m,5400000", "2,2000", "1.5s,1500", "1d,86400000"})
    void parsesGoStyleDurations(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10x", "1h 30m", "-5s", "5sm"})
    void refusesMalformedDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    // expected values computed by hand from the Kubernetes quantity rules
    @ParameterizedTest
    @CsvSource({
        "100m,0.1",
        "0.5,0.5",
        "1,1",
        "128Mi,134217728",
        "1Gi,1073741824",
        "1G,1000000000",
        "2e3,2000",
        "1.5k,1500",
        "64Ki,65536"
    })
    void parsesKubernetesQuantities(String text, String expected) {
        assertThat(Quantity.parse(text).value()).isEqualByComparingTo(new BigDecimal(expected));
    }

    /** Whole MiB, rounded down: 100M is 100,000,000 bytes, 95.37 MiB. */
    @ParameterizedTest
    @CsvSource({"256Mi,256", "384Mi,384", "1Gi,1024", "1536Ki,1", "100M,95", "0,0"})
    void mebibytesAreWholeAndRoundedDown(String text, long expected) {
        assertThat(Quantity.parse(text).mebibytes()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.2.3", "10MB", "-1", "1 Mi", "Mi"})
    void refusesInvalidQuantities(String text) {
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.0/8,127.0.0.1,true",
        "127.0.0.0/8,128.0.0.1,false",
        "127.0.0.0/8,::ffff:127.0.0.1,true",
        "::1/128,::1,true",
        "::1/128,::2,false",
        "10.1.0.0/16,10.1.255.255,true",
        "10.1.0.0/16,10.2.0.0,false",
        "192.168.1.7,192.168.1.7,true",
        "0.0.0.0/0,8.8.8.8,true",
        "::ffff:10.0.0.0/104,10.9.9.9,true",
        "fd00::/8,fd12::1,true",
        "fd00::/8,10.0.0.1,false"
    })
    void cidrMatchesAddresses(String cidr, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.0/", "10.0.0.0/x", "::1/129", "example.com/8", ""})
    void refusesInvalidCidrsWithoutResolvingNames(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
