package dev.tailtalos.config.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSettingsValidatorTest {
    @TempDir
    Path repo;

    private MockEnvironment valid() {
        return new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "kafka:19092")
                .withProperty("server.port", "8081").withProperty("tailtalos.config.cluster-repo", repo.toString());
    }

    @Test
    void composeSettingsAreValid() {
        assertThat(ConfigSettingsValidator.check(valid().withProperty("tailtalos.config.watch", "true")).problems()).isEmpty();
    }

    @Test
    void namesEachBadSetting() {
        MockEnvironment env = valid().withProperty("server.port", "eighty")
                .withProperty("tailtalos.config.cluster-repo", repo.resolve("missing").toString())
                .withProperty("tailtalos.config.watch-debounce", "2 seconds")
                .withProperty("spring.kafka.bootstrap-servers", "kafka");
        assertThat(ConfigSettingsValidator.check(env).problems()).containsExactlyInAnyOrder(
                "spring.kafka.bootstrap-servers (SPRING_KAFKA_BOOTSTRAP_SERVERS): 'kafka' is not host:port",
                "server.port (SERVER_PORT): 'eighty' is not a port number (0-65535)",
                "tailtalos.config.cluster-repo (TAILTALOS_CONFIG_CLUSTER_REPO): " + repo.resolve("missing") + " is not a directory",
                "tailtalos.config.watch-debounce (TAILTALOS_CONFIG_WATCH_DEBOUNCE): '2 seconds' is not a duration (e.g. 30s, 5m, PT1M)");
    }

    @Test
    void watchingNeedsARepo() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "k:1")
                .withProperty("tailtalos.config.watch", "true");
        assertThat(ConfigSettingsValidator.check(env).problems())
                .containsExactly("tailtalos.config.cluster-repo (TAILTALOS_CONFIG_CLUSTER_REPO): is required");
    }
}
