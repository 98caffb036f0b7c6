package dev.tailtalos.deployer.app;

import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.crypto.KeyWrapper;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.VaultTransitWrapper;
import dev.tailtalos.proto.events.v1.SealedBox;
import dev.tailtalos.standins.vault.VaultStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deployer opens boxes sealed with Vault transit (as secrets-service seals them) through the Vault stand-in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SealKeyBackendTest {
    private static final byte[] CONFIG = "machine:\n  type: controlplane\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "ro-1|k8s-1|digest".getBytes(StandardCharsets.UTF_8);
    private VaultStandin vault;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        vault = new VaultStandin("root-token");
        vault.createTransitKey("tailtalos-seal");
        vault.addAppRole("deployer", "role-deployer", "secret-deployer", "deployer", "transit/decrypt/");
        vault.addAppRole("nobody", "role-nobody", "secret-nobody", "nobody", "secret/");
        dir = Files.createTempDirectory("deployer-seal-");
        Files.writeString(dir.resolve("secret-id"), "secret-deployer\n");
        Files.writeString(dir.resolve("nobody-secret-id"), "secret-nobody\n");
        Files.writeString(dir.resolve("token"), "root-token\n");
    }

    @AfterAll
    void stop() {
        vault.close();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
    }

    /** Seals like secrets-service with tailtalos.seal.backend=vault-transit (its own token). */
    private SealedBox sealedBySecretsService() {
        KeyWrapper secretsSide = new VaultTransitWrapper(new VaultTransitWrapper.Settings(vault.address(), "root-token",
                null, null, "transit", "tailtalos-seal", 5));
        return new EnvelopeSealer(secretsSide).seal(CONFIG, AAD);
    }

    private KeyWrapper deployerKey(String roleId, String secretIdFile) {
        return DeployerServiceApplication.sealKey("vault-transit", "", vault.address(), "", roleId,
                dir.resolve(secretIdFile).toString(), "transit", "tailtalos-seal", Duration.ofSeconds(5), Map.of());
    }

    @Test
    void aVaultTransitBoxOpensWithTheDeployersAppRole() {
        SealedBox box = sealedBySecretsService();
        assertThat(box.getKeyId()).isEqualTo("vault-transit:transit/tailtalos-seal");
        assertThat(box.getWrappedDataKey().toStringUtf8()).startsWith("vault:v1:");
        assertThat(new EnvelopeSealer(deployerKey("role-deployer", "secret-id")).unseal(box)).isEqualTo(CONFIG);
    }

    @Test
    void aTokenFromAFileWorksToo() {
        KeyWrapper key = DeployerServiceApplication.sealKey("vault-transit", "", vault.address(),
                dir.resolve("token").toString(), "", "", "transit", "tailtalos-seal", Duration.ofSeconds(5), Map.of());
        assertThat(new EnvelopeSealer(key).unseal(sealedBySecretsService())).isEqualTo(CONFIG);
    }

    @Test
    void transientVaultFailuresAreRetried() {
        SealedBox box = sealedBySecretsService();
        KeyWrapper key = deployerKey("role-deployer", "secret-id");
        vault.failNext(2, 503);
        assertThat(new EnvelopeSealer(key).unseal(box)).isEqualTo(CONFIG);
    }

    @Test
    void aRoleWithoutTransitAccessIsAClearPermanentError() {
        SealedBox box = sealedBySecretsService();
        int before = vault.requestCount();
        assertThatThrownBy(() -> new EnvelopeSealer(deployerKey("role-nobody", "nobody-secret-id")).unseal(box))
                .isInstanceOf(VaultTransitWrapper.VaultTransitException.class)
                .hasMessageContaining("transit decrypt with transit/tailtalos-seal")
                .hasMessageContaining("HTTP 403")
                .hasMessageNotContaining("secret-nobody");
        // login, the refused call, one fresh login and the call again: a 403 is not retried with backoff
        assertThat(vault.requestCount() - before).isLessThanOrEqualTo(4);
    }

    @Test
    void aBoxSealedWithTheLocalKeyNamesBothKeys() throws Exception {
        Path keyFile = dir.resolve("seal.key");
        KeyFiles.loadOrCreate(keyFile);
        SealedBox local = new EnvelopeSealer(LocalKeyWrapper.fromFile(keyFile)).seal(CONFIG, AAD);
        assertThatThrownBy(() -> new EnvelopeSealer(deployerKey("role-deployer", "secret-id")).unseal(local))
                .isInstanceOf(AesGcm.DecryptionException.class)
                .hasMessageContaining("vault-transit:transit/tailtalos-seal");
        KeyWrapper localKey = DeployerServiceApplication.sealKey("local", keyFile.toString(), "", "", "", "", "", "",
                Duration.ofSeconds(5), Map.of());
        assertThat(new EnvelopeSealer(localKey).unseal(local)).isEqualTo(CONFIG);
    }

    @Test
    void badBackendPropertiesAreRefusedByName() {
        assertThatThrownBy(() -> DeployerServiceApplication.sealKey("kms", "", "", "", "", "", "", "", Duration.ZERO, Map.of()))
                .hasMessageContaining("tailtalos.seal.backend must be local or vault-transit");
        assertThatThrownBy(() -> DeployerServiceApplication.sealKey("local", "", "", "", "", "", "", "", Duration.ZERO, Map.of()))
                .hasMessageContaining("tailtalos.seal.key-file");
        assertThatThrownBy(() -> DeployerServiceApplication.sealKey("vault-transit", "", "", "", "", "", "", "",
                Duration.ZERO, Map.of())).hasMessageContaining("tailtalos.vault.address");
        assertThatThrownBy(() -> DeployerServiceApplication.sealKey("vault-transit", "", vault.address(), "", "", "", "",
                "", Duration.ZERO, Map.of())).hasMessageContaining("tailtalos.vault.token-file");
    }
}
