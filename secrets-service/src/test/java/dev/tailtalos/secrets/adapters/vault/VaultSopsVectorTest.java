package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.common.crypto.sops.SopsException;
import dev.tailtalos.common.crypto.sops.SopsYamlStore;
import dev.tailtalos.standins.vault.VaultStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * sops files with hc_vault master keys. vault.enc.yaml was encrypted by the real sops 3.13.3 against the Vault
 * stand-in holding the test-only transit key in vault-transit-key.hex; java-vault.enc.yaml was encrypted here and
 * decrypted with the real sops against the same stand-in when it was made.
 */
class VaultSopsVectorTest {
    private static VaultStandin vault;
    private static Sops.VaultTransit transit;

    @BeforeAll
    static void start() {
        vault = new VaultStandin("root-token");
        vault.importTransitKey("sops", HexFormat.of().parseHex(resource("vault-transit-key.hex").strip()));
        transit = new VaultSopsTransit(new VaultGateway(VaultSettings.withToken(vault.address(), "root-token")));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void decryptsFilesTheRealSopsEncryptedWithVaultTransit() {
        for (String file : List.of("vault.enc.yaml", "java-vault.enc.yaml")) {
            SopsYamlStore store = new SopsYamlStore();
            assertThat(Sops.decrypt(file, resource(file), store, new Sops.Keys(List.of(), transit)).documents())
                    .as(file).isEqualTo(store.read("vault.expected.yaml", resource("vault.expected.yaml")));
        }
    }

    @Test
    void javaEncryptionWithVaultTransitRoundTrips() {
        String encrypted = Sops.encrypt("vault.plain.yaml", resource("vault.plain.yaml"), new SopsYamlStore(),
                new Sops.EncryptOptions(List.of(), List.of(Sops.VaultKey.parse(vault.address() + "/v1/transit/keys/sops")),
                        null, false), transit, Clock.systemUTC());
        assertThat(encrypted).contains("hc_vault:").contains("vault:v1:").doesNotContain("tskey-auth");
        assertThat(Sops.decrypt("x.yaml", encrypted, new SopsYamlStore(), new Sops.Keys(List.of(), transit)).documents())
                .isEqualTo(new SopsYamlStore().read("vault.expected.yaml", resource("vault.expected.yaml")));
    }

    @Test
    void withoutVaultTheErrorSaysWhichMasterKeyWasTried() {
        assertThatThrownBy(() -> Sops.decrypt("vault.enc.yaml", resource("vault.enc.yaml"), new SopsYamlStore(),
                new Sops.Keys(List.of(), null)))
                .isInstanceOf(SopsException.class)
                .hasMessageContaining("hc_vault http://127.0.0.1:").hasMessageContaining("/v1/transit/keys/sops")
                .hasMessageContaining("no Vault client configured");
    }

    static String resource(String name) {
        try (InputStream in = VaultSopsVectorTest.class.getResourceAsStream("/sops/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
