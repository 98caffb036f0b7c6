package dev.tailtalos.config.domain;

import dev.tailtalos.common.crypto.Sha256;

/**
 * An extraManifests file of a node with deferred parts, as the file is (encrypted ones still encrypted):
 * secrets-service renders it against the config after every patch and appends its documents while sealing.
 *
 * @param position index in the node's merged list (node's entries first)
 * @param field    where talconfig.yaml lists it
 */
public record DeferredExtraManifest(int position, String source, String field, String content, boolean sopsEncrypted,
                                    String digest) {

    static DeferredExtraManifest of(int position, String source, String field, String content, boolean sopsEncrypted) {
        return new DeferredExtraManifest(position, source, field, content, sopsEncrypted, Sha256.hex(content));
    }

    @Override
    public String toString() {
        return "DeferredExtraManifest[" + position + ", " + source + (sopsEncrypted ? ", sops" : "") + "]";
    }
}
