package dev.tailtalos.common.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostAllowlistTest {
    private final HostAllowlist hosts = new HostAllowlist(List.of("monitor.lan", "10.0.0.5", "fd00::5", " "));

    @Test
    void loopbackNamesAndConfiguredNamesPassWithOrWithoutPort() {
        assertThat(List.of("localhost", "localhost:8087", "127.0.0.1:8087", "[::1]", "[::1]:8087", "LOCALHOST",
                "monitor.lan", "monitor.lan.:443", "10.0.0.5:80", "[fd00::5]:8087")).allMatch(hosts::allows);
    }

    @Test
    void otherNamesAndMalformedHostsAreRefused() {
        assertThat(java.util.Arrays.asList("evil.example", "evil.example:8087", "localhost.evil.example", "127.0.0.2",
                "127.0.0.1:80:80", "127.0.0.1:abc", "[::1]x", "[::1", "", " ", null, "monitor.lan@evil", "10.0.0.5:"))
                .noneMatch(hosts::allows);
    }
}
