package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's netip and time.Duration text forms, which Talos writes into the network documents. */
class GoNetValuesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "192.168.1.2/24, 192.168.1.2/24",
            "10.0.0.1/8, 10.0.0.1/8",
            "FD00:0:0::1/64, fd00::1/64",
            "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
            "2001:0:0:1:0:0:0:1/64, 2001:0:0:1::1/64",
            "fd00:1:2:3:4:5:6:0/112, fd00:1:2:3:4:5:6:0/112",
            "::/0, ::/0",
            "::ffff:192.168.1.1/120, ::ffff:192.168.1.1/120",
            "::1.2.3.4/128, ::102:304/128",
            "192.168.01.1/24, -",
            "192.168.1.1/024, -",
            "192.168.1.1/33, -",
            "fe80::1%eth0/64, -",
            "1:2:3:4:5:6:7:8:9/64, -",
            "1::2::3/64, -",
            "192.168.1.1, -"})
    void prefixes(String text, String canonical) {
        assertThat(GoNetValues.canonicalPrefix(text)).isEqualTo(Optional.ofNullable(canonical));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "192.168.50.11, 192.168.50.11/32",
            "fd00::11, fd00::11/128",
            "192.168.50.11/24, 192.168.50.11/24",
            "host.example, -"})
    void addressesOrHosts(String text, String canonical) {
        assertThat(GoNetValues.canonicalAddressOrHost(text)).isEqualTo(Optional.ofNullable(canonical));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "192.168.50.200:51820, 192.168.50.200:51820",
            "[FD00::1]:051820, [fd00::1]:51820",
            "fd00::1:51820, -",
            "[192.168.1.1]:51820, -",
            "vpn.example.com:51820, -",
            "192.168.1.1:65536, -"})
    void addrPorts(String text, String canonical) {
        assertThat(GoNetValues.canonicalAddrPort(text)).isEqualTo(Optional.ofNullable(canonical));
    }

    @ParameterizedTest
    @CsvSource(value = {"25s, 25s", "90s, 1m30s", "1h, 1h0m0s", "1.5h, 1h30m0s", "2h3m4.5s, 2h3m4.5s",
            "1500ms, 1.5s", "500ms, 500ms", "1.5us, 1.5µs", "100ns, 100ns", "0, 0s", "-90s, -1m30s", ".5m, 30s"})
    void durations(String text, String canonical) {
        assertThat(GoNetValues.parseDuration(text).map(GoNetValues::formatDuration)).contains(canonical);
    }

    @ParameterizedTest
    @CsvSource(value = {"25", "s", "1x", "1..5s", "''", "-"})
    void durationsGoRefuses(String text) {
        assertThat(GoNetValues.parseDuration(text)).isEmpty();
    }
}
