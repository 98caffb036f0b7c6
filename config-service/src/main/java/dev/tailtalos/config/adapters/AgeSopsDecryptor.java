package dev.tailtalos.config.adapters;

import dev.tailtalos.common.crypto.age.AgeException;
import dev.tailtalos.common.crypto.age.AgeIdentity;
import dev.tailtalos.common.crypto.age.AgeKeys;
import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.common.crypto.sops.SopsException;
import dev.tailtalos.common.crypto.sops.SopsStore;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigValidationException;
import dev.tailtalos.config.domain.SopsDecryptor;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decrypts SOPS files with the common sops reader, like talhelper does in-process: age identities as sops finds them
 * ({@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE}, {@code ~/.config/sops/age/keys.txt}), read only when the first
 * encrypted file is met, and optionally Vault transit for hc_vault master keys. Errors name the file, never a value.
 */
public final class AgeSopsDecryptor implements SopsDecryptor {
    private final Supplier<List<AgeIdentity>> identities;
    private final Sops.VaultTransit vault;
    private volatile Sops.Keys keys;

    public AgeSopsDecryptor(Supplier<List<AgeIdentity>> identities, Sops.VaultTransit vault) {
        this.identities = identities;
        this.vault = vault;
    }

    /** Identities from the process environment, as sops reads them. */
    public static AgeSopsDecryptor fromEnvironment(Map<String, String> env, Sops.VaultTransit vault) {
        return new AgeSopsDecryptor(() -> AgeKeys.fromEnvironment(env), vault);
    }

    @Override
    public String decrypt(String file, String encryptedText) {
        Sops.Keys k = keys(file);
        try {
            return Sops.decryptToText(file, encryptedText, SopsStore.forFile(file), k);
        } catch (SopsException | IllegalStateException e) {
            throw refused(file, e.getMessage() + (k.ageIdentities().isEmpty()
                    ? " (no age identity found: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY)" : ""));
        }
    }

    private Sops.Keys keys(String file) {
        Sops.Keys k = keys;
        if (k == null) {
            try {
                k = new Sops.Keys(identities.get(), vault);
            } catch (AgeException e) {
                throw refused(file, "cannot read the age identities: " + e.getMessage());
            }
            keys = k;
        }
        return k;
    }

    private static ConfigValidationException refused(String file, String message) {
        return new ConfigValidationException(List.of(ConfigProblem.error(file, 0, "sops", message)));
    }

    @Override
    public String toString() {
        return "AgeSopsDecryptor";
    }
}
