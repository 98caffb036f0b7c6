package dev.tailtalos.common.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsCheckTest {
    @TempDir
    Path dir;

    private SettingsCheck check(String property, String value) {
        return SettingsCheck.of(new MockEnvironment().withProperty(property, value));
    }

    @Test
    void namesPropertyAndEnvironmentVariable() {
        assertThat(check("tailtalos.seal.key-file", dir.resolve("nowhere.key").toString())
                .readableFile("tailtalos.seal.key-file").problems())
                .containsExactly("tailtalos.seal.key-file (TAILTALOS_SEAL_KEY_FILE): " + dir.resolve("nowhere.key")
                        + " does not exist");
    }

    @Test
    void filesDirectoriesAndCreatableFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("k"), "x");
        assertThat(check("f", file.toString()).readableFile("f").problems()).isEmpty();
        assertThat(check("f", dir.toString()).readableFile("f").problems()).singleElement().asString().endsWith("is not a file");
        assertThat(SettingsCheck.of(new MockEnvironment()).readableFile("f").problems()).containsExactly("f (F): is required");
        assertThat(check("f", dir.resolve("a/b/new.key").toString()).fileOrCreatable("f").problems()).isEmpty();
        assertThat(check("f", file.resolve("under-a-file").toString()).fileOrCreatable("f").problems())
                .singleElement().asString().contains("cannot be created");
        assertThat(check("d", file.toString()).directory("d").problems()).singleElement().asString().endsWith("is not a directory");
    }

    @Test
    void numbersDurationsBooleansChoices() {
        assertThat(check("server.port", "80a").port("server.port").problems())
                .containsExactly("server.port (SERVER_PORT): '80a' is not a port number (0-65535)");
        assertThat(check("server.port", "70000").port("server.port").problems()).hasSize(1);
        assertThat(check("server.port", "0").port("server.port").problems()).isEmpty();
        assertThat(check("n", "0").intAtLeast("n", 1).problems()).hasSize(1);
        assertThat(check("d", "30s").duration("d").problems()).isEmpty();
        assertThat(check("d", "PT1M").duration("d").problems()).isEmpty();
        assertThat(check("d", "14d").duration("d").problems()).isEmpty();
        assertThat(check("d", "soon").duration("d").problems()).singleElement().asString().contains("'soon' is not a duration");
        assertThat(check("b", "yes").bool("b").problems()).hasSize(1);
        assertThat(check("m", "vault").oneOf("m", "local", "vault").problems()).isEmpty();
        assertThat(check("m", "s3").oneOf("m", "local", "vault").problems()).containsExactly("m (M): 's3' is not one of local, vault");
        assertThat(check("u", "ftp://x").httpUrl("u").problems()).hasSize(1);
        assertThat(check("u", "http://openbao:8200").httpUrl("u").problems()).isEmpty();
    }

    @Test
    void endpoints() {
        assertThat(check("e", "k8s-1=127.0.0.1:50000,k8s-2=[::1]:50001").nodeEndpoints("e").problems()).isEmpty();
        assertThat(check("tailtalos.nodes.endpoints", "k8s-1=127.0.0.1").nodeEndpoints("tailtalos.nodes.endpoints").problems())
                .containsExactly("tailtalos.nodes.endpoints (TAILTALOS_NODES_ENDPOINTS): 'k8s-1=127.0.0.1' is not node=host:port");
        assertThat(check("e", "k8s-1=host:port").nodeEndpoints("e").problems()).hasSize(1);
        assertThat(check("e", "=h:1").nodeEndpoints("e").problems()).hasSize(1);
        assertThat(check("k", "kafka:19092,kafka2:19092").hostPorts("k").problems()).isEmpty();
        assertThat(check("k", "kafka").hostPorts("k").problems()).hasSize(1);
    }

    @Test
    void throwsWithEveryProblem() {
        SettingsCheck check = SettingsCheck.of(new MockEnvironment().withProperty("a", "x").withProperty("b", "y"))
                .port("a").bool("b");
        assertThatThrownBy(() -> check.throwIfInvalid("svc"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("svc cannot start, invalid settings:\n  a (A): 'x' is not a port number (0-65535)\n"
                        + "  b (B): 'y' is not true or false");
        SettingsCheck.of(new MockEnvironment()).port("a").throwIfInvalid("svc");
    }
}
