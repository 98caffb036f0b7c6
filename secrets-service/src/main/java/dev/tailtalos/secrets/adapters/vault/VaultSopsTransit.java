package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.common.crypto.sops.Sops;

/**
 * sops' hc_vault master keys through the configured Vault client: the engine path and key name come from the file;
 * the address and credentials are this service's own (a file's vault_address is where it was encrypted, which
 * may differ from how this service reaches the same Vault).
 */
public final class VaultSopsTransit implements Sops.VaultTransit {
    private final VaultGateway vault;

    public VaultSopsTransit(VaultGateway vault) {
        this.vault = vault;
    }

    @Override
    public byte[] decrypt(String vaultAddress, String enginePath, String keyName, String ciphertext) {
        return vault.transitDecrypt(enginePath, keyName, ciphertext);
    }

    @Override
    public String encrypt(String vaultAddress, String enginePath, String keyName, byte[] plaintext) {
        return vault.transitEncrypt(enginePath, keyName, plaintext);
    }
}
