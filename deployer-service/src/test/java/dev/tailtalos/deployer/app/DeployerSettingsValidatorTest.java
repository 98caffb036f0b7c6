package dev.tailtalos.deployer.app;

import dev.tailtalos.common.settings.InvalidSettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployerSettingsValidatorTest {
    @TempDir
    Path dir;

    private MockEnvironment valid() throws Exception {
        return new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092")
                .withProperty("tailtalos.talosconfig", Files.writeString(dir.resolve("talosconfig"), "context: x").toString())
                .withProperty("tailtalos.seal.key-file", Files.writeString(dir.resolve("seal.key"), "k").toString())
                .withProperty("tailtalos.nodes.endpoints", "k8s-1=127.0.10.1:50000,k8s-2=127.0.10.2:50000")
                .withProperty("server.port", "0").withProperty("tailtalos.deployer.try-timeout", "");
    }

    @Test
    void demoSettingsAreValid() throws Exception {
        assertThat(DeployerSettingsValidator.check(valid()).problems()).isEmpty();
    }

    @Test
    void namesEachBadSetting() throws Exception {
        MockEnvironment env = valid().withProperty("tailtalos.nodes.endpoints", "k8s-1=192.168.1.11")
                .withProperty("tailtalos.nodes.tailnet-endpoints", "k8s-1=100.64.0.1:fifty")
                .withProperty("server.port", "8o73")
                .withProperty("tailtalos.deployer.apply-mode", "reboot")
                .withProperty("tailtalos.deployer.max-parallel", "0")
                .withProperty("tailtalos.deployer.health-timeout", "two minutes")
                .withProperty("tailtalos.talosconfig", dir.resolve("missing").toString());
        assertThat(DeployerSettingsValidator.check(env).problems()).containsExactlyInAnyOrder(
                "server.port (SERVER_PORT): '8o73' is not a port number (0-65535)",
                "tailtalos.talosconfig (TAILTALOS_TALOSCONFIG): " + dir.resolve("missing") + " does not exist",
                "tailtalos.nodes.endpoints (TAILTALOS_NODES_ENDPOINTS): 'k8s-1=192.168.1.11' is not node=host:port",
                "tailtalos.nodes.tailnet-endpoints (TAILTALOS_NODES_TAILNET_ENDPOINTS): 'k8s-1=100.64.0.1:fifty' is not node=host:port",
                "tailtalos.deployer.max-parallel (TAILTALOS_DEPLOYER_MAX_PARALLEL): '0' is not a whole number of at least 1",
                "tailtalos.deployer.health-timeout (TAILTALOS_DEPLOYER_HEALTH_TIMEOUT): 'two minutes' is not a duration (e.g. 30s, 5m, PT1M)",
                "tailtalos.deployer.apply-mode (TAILTALOS_DEPLOYER_APPLY_MODE): 'reboot' is not one of auto, no-reboot, staged, try");
    }

    /** The real application refuses to start before it creates any bean (no Kafka, no talosconfig read). */
    @Test
    void applicationFailsFastNamingTheSetting() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(DeployerServiceApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.config.name=deployer-service", "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "--tailtalos.talosconfig=" + dir.resolve("none"), "--tailtalos.seal.key-file=" + dir.resolve("nope.key"),
                        "--spring.main.banner-mode=off"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("tailtalos.seal.key-file (TAILTALOS_SEAL_KEY_FILE): " + dir.resolve("nope.key") + " does not exist")
                .hasMessageContaining("tailtalos.talosconfig (TAILTALOS_TALOSCONFIG)");
    }
}
