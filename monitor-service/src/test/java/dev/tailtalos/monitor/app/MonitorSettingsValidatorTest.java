package dev.tailtalos.monitor.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorSettingsValidatorTest {
    @TempDir
    Path dir;

    private MockEnvironment valid() throws Exception {
        return new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "kafka:19092")
                .withProperty("tailtalos.talosconfig", Files.writeString(dir.resolve("talosconfig"), "context: x").toString())
                .withProperty("server.port", "8087").withProperty("tailtalos.monitor.probe-every", "0s");
    }

    @Test
    void composeSettingsAreValid() throws Exception {
        assertThat(MonitorSettingsValidator.check(valid()).problems()).isEmpty();
    }

    @Test
    void namesEachBadSetting() throws Exception {
        MockEnvironment env = valid().withProperty("tailtalos.tailscale.api-token-file", dir.resolve("token").toString())
                .withProperty("tailtalos.tailscale.api-url", "api.tailscale.com")
                .withProperty("tailtalos.monitor.probe-every", "-5s")
                .withProperty("tailtalos.dial.loopback-only", "no")
                .withProperty("server.port", "-1");
        assertThat(MonitorSettingsValidator.check(env).problems()).containsExactlyInAnyOrder(
                "server.port (SERVER_PORT): '-1' is not a port number (0-65535)",
                "tailtalos.dial.loopback-only (TAILTALOS_DIAL_LOOPBACK_ONLY): 'no' is not true or false",
                "tailtalos.tailscale.api-url (TAILTALOS_TAILSCALE_API_URL): 'api.tailscale.com' is not an http(s) URL with a host",
                "tailtalos.tailscale.api-token-file (TAILTALOS_TAILSCALE_API_TOKEN_FILE): " + dir.resolve("token") + " does not exist",
                "tailtalos.monitor.probe-every (TAILTALOS_MONITOR_PROBE_EVERY): '-5s' is not a positive duration");
    }
}
