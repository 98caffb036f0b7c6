package dev.tailtalos.cli.config;

import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyWrapper;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.crypto.VaultTransitWrapper;
import dev.tailtalos.secrets.domain.ConfigSealer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Opens sealed configs with the key the deployer opens them with (DESIGN rule 1: plaintext only in memory): the local
 * sealing key file, or Vault transit. It checks what the deployer relies on: the box is bound to its rollout, node and
 * digest, and the plaintext has that digest.
 */
final class ChainUnsealer {
    private final EnvelopeSealer sealer;
    private final String keyDescription;

    private ChainUnsealer(KeyWrapper key, String keyDescription) {
        this.sealer = new EnvelopeSealer(key);
        this.keyDescription = keyDescription;
    }

    /**
     * @param sealKeyFile  the local sealing key (the demo's is {@code <data-dir>/keys/seal.key})
     * @param vaultTransit {@code <mount>/<key>} of a Vault transit key, with VAULT_ADDR and VAULT_TOKEN from {@code env}
     */
    static ChainUnsealer open(Path sealKeyFile, String vaultTransit, Map<String, String> env) {
        if (sealKeyFile != null && vaultTransit != null) {
            throw new ChainException("give --seal-key-file or --seal-vault-transit, not both", 2);
        }
        if (sealKeyFile != null) {
            if (!Files.isRegularFile(sealKeyFile)) {
                throw new ChainException("sealing key file " + sealKeyFile + " not found", 2);
            }
            try {
                return new ChainUnsealer(LocalKeyWrapper.fromFile(sealKeyFile), "the key in " + sealKeyFile);
            } catch (RuntimeException e) {
                throw new ChainException("cannot use the sealing key: " + e.getMessage(), 2);
            }
        }
        if (vaultTransit != null) {
            int slash = vaultTransit.lastIndexOf('/');
            if (slash <= 0 || slash == vaultTransit.length() - 1) {
                throw new ChainException("--seal-vault-transit must be <mount>/<key>, e.g. transit/tailtalos-seal", 2);
            }
            try {
                return new ChainUnsealer(new VaultTransitWrapper(new VaultTransitWrapper.Settings(env.get("VAULT_ADDR"),
                        env.get("VAULT_TOKEN"), null, null, vaultTransit.substring(0, slash),
                        vaultTransit.substring(slash + 1), 10)), "Vault transit key " + vaultTransit);
            } catch (IllegalArgumentException e) {
                throw new ChainException("cannot use Vault transit: " + e.getMessage().replace("tailtalos.vault.address",
                        "VAULT_ADDR").replace("tailtalos.vault.token-file (or VAULT_TOKEN)", "VAULT_TOKEN"), 2);
            }
        }
        throw new ChainException("comparing with the event chain needs the key that opens sealed configs, as the"
                + " deployer has it: --seal-key-file FILE (the demo's is <data-dir>/keys/seal.key; env"
                + " TAILTALOS_SEAL_KEY_FILE) or --seal-vault-transit MOUNT/KEY with VAULT_ADDR and VAULT_TOKEN", 2);
    }

    /** The plaintext config; its secrets never leave this process and are redacted before anything is printed. */
    String open(ChainSnapshot.SealedConfig sealed) {
        byte[] expectedAad = ConfigSealer.aad(sealed.rolloutId(), sealed.nodeId(), sealed.configDigest());
        if (!Arrays.equals(expectedAad, sealed.box().getAad().toByteArray())) {
            throw new ChainException("the sealed config of " + sealed.nodeId() + " (rollout " + sealed.rolloutId()
                    + ") is not bound to that rollout, node and digest: it was altered or misplaced");
        }
        byte[] plaintext;
        try {
            plaintext = sealer.unseal(sealed.box());
        } catch (AesGcm.DecryptionException e) {
            throw new ChainException("cannot unseal the config of " + sealed.nodeId() + " (rollout " + sealed.rolloutId()
                    + ") with " + keyDescription + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ChainException("cannot unseal the config of " + sealed.nodeId() + " (rollout " + sealed.rolloutId()
                    + ") with " + keyDescription + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        try {
            if (!Sha256.hex(plaintext).equals(sealed.configDigest())) {
                throw new ChainException("the sealed config of " + sealed.nodeId() + " does not match its digest "
                        + sealed.configDigest());
            }
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
