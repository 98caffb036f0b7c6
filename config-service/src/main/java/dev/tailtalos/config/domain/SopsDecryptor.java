package dev.tailtalos.config.domain;

/**
 * Decrypts a SOPS-encrypted file (env, secrets bundle, patch). config-service does no SOPS crypto itself: the
 * integrator wires secrets-service's implementation in; {@link #NONE} refuses every file by name.
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

    SopsDecryptor NONE = (file, text) -> {
        throw new ConfigValidationException(java.util.List.of(ConfigProblem.error(file, 0, "sops",
                "file is SOPS-encrypted and no SOPS decryptor is available here; decrypt it with secrets-service"
                        + " (or `sops -d`) first")));
    };
}
