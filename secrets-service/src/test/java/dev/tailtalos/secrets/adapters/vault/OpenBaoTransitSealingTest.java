package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.VaultTransitWrapper;
import dev.tailtalos.proto.events.v1.SealedBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealing with the real OpenBao's transit engine: secrets-service seals through its Vault gateway, the deployer opens
 * with its own transit client (decrypt only), another key cannot open the box, and the key is deleted afterwards.
 */
@Tag("openbao")
class OpenBaoTransitSealingTest {
    private static OpenBaoDevServer bao;
    private static String key;

    @BeforeAll
    static void startOpenBao() throws Exception {
        bao = OpenBaoDevServer.startOrConnect();
        key = "tailtalos-seal-test-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(bao.call("POST", "transit/keys/" + key, "{}").statusCode() / 100).isEqualTo(2);
    }

    @AfterAll
    static void deleteKeyAndStop() throws Exception {
        if (bao == null) {
            return;
        }
        try {
            bao.call("POST", "transit/keys/" + key + "/config", "{\"deletion_allowed\":true}");
            HttpResponse<String> deleted = bao.call("DELETE", "transit/keys/" + key, null);
            assertThat(deleted.statusCode() / 100).as(deleted.body()).isEqualTo(2);
        } finally {
            bao.close();
        }
    }

    @Test
    void whatSecretsServiceSealsTheDeployerOpens() {
        VaultGateway gateway = new VaultGateway(new VaultSettings(bao.address(), bao.token(), null, null, null, null,
                "transit", key, null, null, null));
        byte[] config = "machine:\n  token: not-a-real-token\n".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "k8s-1".getBytes(StandardCharsets.UTF_8);
        SealedBox box = new EnvelopeSealer(gateway.sealKeyWrapper()).seal(config, aad);
        assertThat(box.toByteString().toStringUtf8()).doesNotContain("not-a-real-token");

        VaultTransitWrapper deployerSide = new VaultTransitWrapper(new VaultTransitWrapper.Settings(bao.address(),
                bao.token(), null, null, "transit", key, 10));
        assertThat(new EnvelopeSealer(deployerSide).unseal(box)).isEqualTo(config);
    }

    @Test
    void anotherKeyCannotOpenTheBox() throws Exception {
        String other = key + "-other";
        assertThat(bao.call("POST", "transit/keys/" + other, "{}").statusCode() / 100).isEqualTo(2);
        try {
            VaultGateway gateway = new VaultGateway(new VaultSettings(bao.address(), bao.token(), null, null, null,
                    null, "transit", key, null, null, null));
            SealedBox box = new EnvelopeSealer(gateway.sealKeyWrapper()).seal(new byte[] {1, 2, 3}, new byte[0]);
            VaultTransitWrapper wrongKey = new VaultTransitWrapper(new VaultTransitWrapper.Settings(bao.address(),
                    bao.token(), null, null, "transit", other, 10));
            assertThatThrownBy(() -> new EnvelopeSealer(wrongKey).unseal(box)).isInstanceOf(RuntimeException.class);
        } finally {
            bao.call("POST", "transit/keys/" + other + "/config", "{\"deletion_allowed\":true}");
            bao.call("DELETE", "transit/keys/" + other, null);
        }
    }
}
