package dev.tailtalos.secrets.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsSettingsValidatorTest {
    @TempDir
    Path dir;

    private MockEnvironment local() throws Exception {
        return new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092")
                .withProperty("tailtalos.custody.keystore-file", dir.resolve("custody/keystore.enc").toString())
                .withProperty("tailtalos.custody.key-file", dir.resolve("keys/keystore.key").toString())
                .withProperty("tailtalos.seal.key-file", Files.writeString(dir.resolve("seal.key"), "k").toString())
                .withProperty("tailtalos.audit.hmac-key-file", dir.resolve("keys/audit-hmac.key").toString());
    }

    @Test
    void demoSettingsAreValid() throws Exception {
        assertThat(SecretsSettingsValidator.check(local()).problems()).isEmpty();
    }

    @Test
    void missingSealKeyIsNamed() throws Exception {
        MockEnvironment env = local().withProperty("tailtalos.seal.key-file", "/nowhere/seal.key");
        assertThat(SecretsSettingsValidator.check(env).problems())
                .containsExactly("tailtalos.seal.key-file (TAILTALOS_SEAL_KEY_FILE): /nowhere/seal.key does not exist");
    }

    @Test
    void composeVaultSettings() throws Exception {
        Path secretId = Files.writeString(dir.resolve("secret-id"), "s");
        MockEnvironment env = local().withProperty("tailtalos.custody.backend", "vault")
                .withProperty("tailtalos.vault.address", "http://openbao:8200")
                .withProperty("tailtalos.vault.approle.role-id", "secrets-service")
                .withProperty("tailtalos.vault.approle.secret-id-file", secretId.toString());
        assertThat(SecretsSettingsValidator.check(env).problems()).isEmpty();

        env.setProperty("tailtalos.vault.approle.secret-id-file", dir.resolve("none").toString());
        env.setProperty("tailtalos.vault.address", "openbao:8200");
        env.setProperty("tailtalos.seal.backend", "kms");
        assertThat(SecretsSettingsValidator.check(env).problems()).containsExactlyInAnyOrder(
                "tailtalos.seal.backend (TAILTALOS_SEAL_BACKEND): 'kms' is not one of local, vault-transit",
                "tailtalos.vault.address (TAILTALOS_VAULT_ADDRESS): 'openbao:8200' is not an http(s) URL with a host",
                "tailtalos.vault.approle.secret-id-file (TAILTALOS_VAULT_APPROLE_SECRET_ID_FILE): " + dir.resolve("none")
                        + " does not exist");
    }

    @Test
    void unknownCustodyBackend() throws Exception {
        assertThat(SecretsSettingsValidator.check(local().withProperty("tailtalos.custody.backend", "s3")).problems())
                .containsExactly("tailtalos.custody.backend (TAILTALOS_CUSTODY_BACKEND): 's3' is not one of local, vault");
    }
}
