package dev.tailtalos.config.domain;

import dev.tailtalos.common.crypto.Sha256;

/**
 * An env file of the repo as read (talenv.yaml, talenv.sops.yaml, ...): what {@code config.rendered} carries so
 * secrets-service can rebuild the env while sealing. An encrypted one stays encrypted.
 *
 * @param digest SHA-256 (hex) of {@code content}
 */
public record EnvFile(String name, String content, boolean sopsEncrypted, String digest) {

    public static EnvFile of(String name, String content, boolean sopsEncrypted) {
        return new EnvFile(name, content, sopsEncrypted, Sha256.hex(content));
    }

    @Override
    public String toString() {
        return "EnvFile[" + name + (sopsEncrypted ? ", sops" : "") + ", " + digest + "]";
    }
}
