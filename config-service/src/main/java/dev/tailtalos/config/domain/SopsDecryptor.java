package dev.tailtalos.config.domain;

/**
 * Decrypts a SOPS-encrypted file (env, secrets bundle, patch, manifest). In the event chain config-service holds no
 * SOPS keys ({@link #NONE}): encrypted patches, extraManifests and inline manifest files keep their place for
 * secrets-service (DESIGN rule 7), an encrypted env file's
 * variables stand in as {@code sops-env://NAME} references (secrets-service binds them while sealing), and an encrypted
 * secrets file is refused by name. The standalone {@code tailtalos render} wires in a decryptor with the operator's age
 * keys.
 */
@FunctionalInterface
public interface SopsDecryptor {

    /**
     * @param file          repo-relative name, for errors
     * @param encryptedText the file as stored (with its {@code sops:} metadata)
     * @return the plaintext document
     * @throws ConfigValidationException when the file cannot be decrypted; the message names the file, never a value
     */
    String decrypt(String file, String encryptedText);

    /** False when this decryptor holds no keys: SOPS-encrypted patches are then deferred, not decrypted. */
    default boolean available() {
        return true;
    }

    SopsDecryptor NONE = new SopsDecryptor() {
        @Override
        public String decrypt(String file, String encryptedText) {
            throw new ConfigValidationException(java.util.List.of(ConfigProblem.error(file, 0, "sops",
                    "file is SOPS-encrypted and config-service holds no SOPS keys, so its values cannot be substituted"
                            + " here. In a rollout, keep secrets as custody:// references (tailtalos secrets import) or in"
                            + " SOPS-encrypted patch files (secrets-service decrypts those while sealing); `tailtalos"
                            + " render` decrypts it with the age key from SOPS_AGE_KEY_FILE or SOPS_AGE_KEY")));
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public String toString() {
            return "SopsDecryptor.NONE";
        }
    };
}
