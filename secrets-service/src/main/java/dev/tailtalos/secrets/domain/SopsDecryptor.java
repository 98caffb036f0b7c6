package dev.tailtalos.secrets.domain;

/** Decrypts a SOPS-encrypted file to its plaintext (port; errors name the file and key path, never a value). */
@FunctionalInterface
public interface SopsDecryptor {
    String decrypt(String source, String encryptedContent);

    SopsDecryptor NONE = (source, content) -> {
        throw new UnresolvedReferenceException(source + " is SOPS-encrypted, but this secrets-service has no"
                + " SOPS keys configured");
    };
}
