package dev.tailtalos.common.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DialPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.10", "100.64.0.1", "100.64.0.1:50000", "[fd7a:115c:a1e0::1]:50000",
            "::ffff:192.168.1.10", "0.0.0.0"})
    void loopbackOnlyRefusesNonLoopbackLiteralsNamingTheAddress(String endpoint) {
        String host = TalosEndpoint.parse(endpoint).host();

        assertThatThrownBy(() -> DialPolicy.loopbackOnly().check(endpoint))
                .isInstanceOf(DialRefusedException.class)
                .hasMessageContaining(host)
                .hasMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.10.1:50001", "[::1]:50000", "localhost:50000"})
    void loopbackOnlyAllowsLoopback(String endpoint) {
        InetSocketAddress address = DialPolicy.loopbackOnly().check(endpoint);

        assertThat(address.isUnresolved()).isFalse();
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void anyAllowsTailnetAddressesWithoutLookup() {
        InetSocketAddress address = DialPolicy.any().check("100.64.0.1");

        assertThat(address.getAddress().getHostAddress()).isEqualTo("100.64.0.1");
        assertThat(address.getPort()).isEqualTo(50_000);
    }

    @Test
    void clientRefusesBeforeDialingAndWithoutNetworkTraffic() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> TalosClient.builder("192.168.1.10:50000").insecure().build())
                .isInstanceOf(DialRefusedException.class).hasMessageContaining("192.168.1.10");
        assertThatThrownBy(() -> TalosClient.insecure("100.64.0.1", DialPolicy.loopbackOnly()))
                .isInstanceOf(DialRefusedException.class).hasMessageContaining("100.64.0.1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void endpointsParseLikeTalosctl() {
        assertThat(TalosEndpoint.parse("10.0.0.1")).isEqualTo(new TalosEndpoint("10.0.0.1", 50_000));
        assertThat(TalosEndpoint.parse("[::1]:7")).isEqualTo(new TalosEndpoint("::1", 7));
        assertThat(TalosEndpoint.parse("::1")).isEqualTo(new TalosEndpoint("::1", 50_000));
        assertThat(TalosEndpoint.parse("https://node.example")).isEqualTo(new TalosEndpoint("node.example", 443));
        assertThat(new TalosEndpoint("::1", 7).authority()).isEqualTo("[::1]:7");
    }
}
