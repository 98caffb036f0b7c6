package dev.tailtalos.cli.secrets;

import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.secrets.adapters.vault.VaultGateway;
import dev.tailtalos.secrets.adapters.vault.VaultSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** hc_vault master keys as sops handles them: the file's vault_address, the token from VAULT_TOKEN or ~/.vault-token. */
final class SopsVaultFromEnvironment implements Sops.VaultTransit {
    private final Map<String, VaultGateway> gateways = new ConcurrentHashMap<>();

    private VaultGateway gateway(String address) {
        return gateways.computeIfAbsent(address, a -> {
            String token = System.getenv("VAULT_TOKEN");
            if (token == null || token.isBlank()) {
                Path file = Path.of(System.getProperty("user.home"), ".vault-token");
                try {
                    token = Files.isReadable(file) ? Files.readString(file).strip() : null;
                } catch (IOException e) {
                    token = null;
                }
            }
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("no Vault token: set VAULT_TOKEN or write ~/.vault-token");
            }
            return new VaultGateway(VaultSettings.withToken(a, token));
        });
    }

    @Override
    public byte[] decrypt(String vaultAddress, String enginePath, String keyName, String ciphertext) {
        return gateway(vaultAddress).transitDecrypt(enginePath, keyName, ciphertext);
    }

    @Override
    public String encrypt(String vaultAddress, String enginePath, String keyName, byte[] plaintext) {
        return gateway(vaultAddress).transitEncrypt(enginePath, keyName, plaintext);
    }
}
