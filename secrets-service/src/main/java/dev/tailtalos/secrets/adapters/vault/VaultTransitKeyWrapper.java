package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.common.crypto.KeyWrapper;

import java.nio.charset.StandardCharsets;

/** Wraps sealing data keys with Vault transit ({@code <mount>/encrypt/<key>}); the wrapped form is {@code vault:vN:…}. */
public final class VaultTransitKeyWrapper implements KeyWrapper {
    private final VaultGateway vault;
    private final String mount;
    private final String key;

    public VaultTransitKeyWrapper(VaultGateway vault) {
        this.vault = vault;
        this.mount = vault.settings().transitMount();
        this.key = vault.settings().transitKey();
    }

    @Override
    public String keyId() {
        return "vault-transit:" + mount + "/" + key;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        return vault.transitEncrypt(mount, key, dataKey).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] unwrap(byte[] wrappedDataKey) {
        return vault.transitDecrypt(mount, key, new String(wrappedDataKey, StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "VaultTransitKeyWrapper[" + keyId() + "]";
    }
}
