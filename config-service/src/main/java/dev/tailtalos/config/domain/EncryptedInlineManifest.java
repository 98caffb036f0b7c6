package dev.tailtalos.config.domain;

import dev.tailtalos.common.crypto.Sha256;

/**
 * A SOPS-encrypted {@code inlineManifests[].contents: "@file"} that config-service cannot read: the base config holds
 * its entry with empty contents, secrets-service fills them in while sealing (decrypted, env-substituted unless
 * {@code skipEnvsubst}).
 *
 * @param index  index in {@code cluster.inlineManifests}
 * @param field  e.g. {@code inlineManifests[2].contents}
 */
public record EncryptedInlineManifest(int index, String name, String source, String field, String content,
                                      boolean skipEnvsubst, String digest) {

    static EncryptedInlineManifest of(int index, String name, String source, String field, String content,
                                      boolean skipEnvsubst) {
        return new EncryptedInlineManifest(index, name, source, field, content, skipEnvsubst, Sha256.hex(content));
    }

    @Override
    public String toString() {
        return "EncryptedInlineManifest[" + index + ", " + name + ", " + source + "]";
    }
}
