package dev.tailtalos.config.domain;

import dev.tailtalos.common.crypto.Sha256;

/**
 * One patch of a node's patch list, in the order talhelper applies them, as {@code config.rendered} carries it when
 * the list holds a SOPS-encrypted file (DESIGN rule 7): plain patches with env substitution done, encrypted ones as
 * the file is (config-service cannot read them).
 *
 * @param position 0 = applied first
 * @param source   repo-relative file or {@code inline #N (field)}, for errors
 * @param digest   SHA-256 (hex) of {@code content}
 */
public record OrderedPatch(int position, String source, String content, boolean sopsEncrypted, String digest) {

    public static OrderedPatch of(int position, String source, String content, boolean sopsEncrypted) {
        return new OrderedPatch(position, source, content, sopsEncrypted, Sha256.hex(content));
    }

    @Override
    public String toString() {
        return "OrderedPatch[" + position + ", " + source + (sopsEncrypted ? ", sops" : "") + ", " + digest + "]";
    }
}
