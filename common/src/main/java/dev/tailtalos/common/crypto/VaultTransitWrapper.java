package dev.tailtalos.common.crypto;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Wraps and unwraps sealing data keys with Vault (or OpenBao) transit: {@code POST <mount>/encrypt/<key>} and
 * {@code <mount>/decrypt/<key>}, the wrapped form being Vault's {@code vault:vN:…} ciphertext. Its key id
 * ({@code vault-transit:<mount>/<key>}) is the one secrets-service seals with, so the deployer can open those boxes
 * without depending on secrets-service. The calls go through a Vault client of its own ({@link Settings}) or through
 * a given {@link Transit}. Errors name the call and Vault's messages, never a key.
 */
public final class VaultTransitWrapper implements KeyWrapper {

    /** How to reach Vault; exactly one of {@code token} and an AppRole (role id + secret id). */
    public record Settings(String address, String token, String appRoleId, String appRoleSecretId, String transitMount,
                           String transitKey, int timeoutSeconds) {
        public Settings {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("tailtalos.vault.address is required for the vault-transit seal backend");
            }
            address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
            boolean appRole = appRoleId != null && !appRoleId.isBlank();
            if (!appRole && (token == null || token.isBlank())) {
                throw new IllegalArgumentException("Vault needs tailtalos.vault.token-file (or VAULT_TOKEN) or"
                        + " tailtalos.vault.approle.role-id and tailtalos.vault.approle.secret-id-file");
            }
            if (appRole && (appRoleSecretId == null || appRoleSecretId.isBlank())) {
                throw new IllegalArgumentException("tailtalos.vault.approle.secret-id-file is required with an AppRole role id");
            }
            transitMount = transitMount == null || transitMount.isBlank() ? "transit" : transitMount.replaceAll("^/+|/+$", "");
            transitKey = transitKey == null || transitKey.isBlank() ? "tailtalos-seal" : transitKey;
            timeoutSeconds = timeoutSeconds <= 0 ? 10 : timeoutSeconds;
        }

        boolean usesAppRole() {
            return appRoleId != null && !appRoleId.isBlank();
        }

        @Override
        public String toString() {
            return "Settings[address=" + address + ", auth=" + (usesAppRole() ? "approle" : "token") + ", transit="
                    + transitMount + "/" + transitKey + "]";
        }
    }

    /** A transit call Vault refused or could not answer; {@link #isTransient()} for 5xx, 412, 429 and network errors. */
    public static final class VaultTransitException extends RuntimeException {
        private final int status;

        VaultTransitException(String operation, int status, List<String> errors, Throwable cause) {
            super(operation + ": " + (status == 0 ? "Vault is unreachable or timed out" : "Vault answered HTTP " + status)
                    + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)), cause);
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean isTransient() {
            return status == 0 || status == 412 || status == 429 || status >= 500;
        }
    }

    /**
     * The two transit calls: {@code POST <mount>/encrypt/<key>} with base64 plaintext, answering the {@code vault:vN:…}
     * ciphertext, and {@code <mount>/decrypt/<key>}. secrets-service routes them through its Vault gateway.
     */
    public interface Transit {
        String transitEncrypt(String mount, String key, byte[] plaintext);

        byte[] transitDecrypt(String mount, String key, String ciphertext);
    }

    private final Transit transit;
    private final String mount;
    private final String key;

    /** Transit through its own Vault client. */
    public VaultTransitWrapper(Settings settings) {
        this(new VaultDriverTransit(settings), settings.transitMount(), settings.transitKey());
    }

    public VaultTransitWrapper(Transit transit, String mount, String key) {
        this.transit = transit;
        this.mount = mount;
        this.key = key;
    }

    @Override
    public String keyId() {
        return "vault-transit:" + mount + "/" + key;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        return transit.transitEncrypt(mount, key, dataKey).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] unwrap(byte[] wrappedDataKey) {
        return transit.transitDecrypt(mount, key, new String(wrappedDataKey, StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "VaultTransitWrapper[" + keyId() + "]";
    }
}
