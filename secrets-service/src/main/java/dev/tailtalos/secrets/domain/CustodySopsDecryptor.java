package dev.tailtalos.secrets.domain;

import dev.tailtalos.common.crypto.age.AgeException;
import dev.tailtalos.common.crypto.age.AgeIdentity;
import dev.tailtalos.common.crypto.age.AgeKeys;
import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.common.crypto.sops.SopsException;
import dev.tailtalos.common.crypto.sops.SopsStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decrypts SOPS files with the age identities kept in custody (every field of the secret at {@code agePath} holds
 * key-file text: one or more {@code AGE-SECRET-KEY-1…} lines) and, for hc_vault master keys, Vault transit.
 */
public final class CustodySopsDecryptor implements SopsDecryptor {
    public static final String DEFAULT_AGE_PATH = "sops/age";
    private final Custody custody;
    private final String agePath;
    private final Sops.VaultTransit vault;

    public CustodySopsDecryptor(Custody custody, String agePath, Sops.VaultTransit vault) {
        this.custody = custody;
        this.agePath = agePath;
        this.vault = vault;
    }

    @Override
    public String decrypt(String source, String encryptedContent) {
        List<AgeIdentity> identities = new ArrayList<>();
        Map<String, String> fields = custody.read(agePath).orElse(Map.of());
        for (Map.Entry<String, String> f : fields.entrySet()) {
            try {
                identities.addAll(AgeKeys.parse("custody://" + agePath + "#" + f.getKey(), f.getValue()));
            } catch (AgeException e) {
                throw new UnresolvedReferenceException("age identities in custody are unusable: " + e.getMessage());
            }
        }
        try {
            return Sops.decryptToText(source, encryptedContent, SopsStore.forFile(source), new Sops.Keys(identities, vault));
        } catch (SopsException e) {
            throw new UnresolvedReferenceException("cannot decrypt SOPS file: " + e.getMessage()
                    + (identities.isEmpty() ? " (no age identity in custody at " + agePath + "; import one with:"
                    + " tailtalos secrets import " + agePath + " --field identity --from-file keys.txt)" : ""));
        }
    }
}
