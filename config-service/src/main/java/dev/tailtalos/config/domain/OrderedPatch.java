package dev.tailtalos.config.domain;

import dev.tailtalos.common.crypto.Sha256;

/**
 * One patch of a node's patch list, in the order talhelper applies them, as {@code config.rendered} carries it when
 * the node has deferred parts (DESIGN rule 7): plain patches templated and env-substituted, encrypted ones as the
 * file is (config-service cannot read them), and templated plain patches whose template data holds something only
 * secrets-service can read as written ({@code goTemplate}).
 *
 * @param position   0 = applied first
 * @param source     repo-relative file or {@code inline #N (field)}, for errors
 * @param field      where talconfig.yaml lists it, e.g. {@code nodes[0].patches[1]}
 * @param batch      0 = node patches (group's, then node's), 1 = global patches; a template sees the config before it
 * @param goTemplate {@code content} is still a Go template: secrets-service renders it (after decrypting)
 * @param inline     an inline patch: no env substitution after templating
 * @param digest     SHA-256 (hex) of {@code content}
 */
public record OrderedPatch(int position, String source, String field, int batch, String content, boolean sopsEncrypted,
                           boolean goTemplate, boolean inline, String digest) {

    /** A patch config-service applied itself (templated and env-substituted). */
    static OrderedPatch applied(int position, String source, String field, int batch, String content, boolean inline) {
        return new OrderedPatch(position, source, field, batch, content, false, false, inline, Sha256.hex(content));
    }

    /** A patch left for secrets-service: encrypted, or a plain template rendered there. */
    static OrderedPatch deferred(int position, String source, String field, int batch, String content,
                                 boolean sopsEncrypted, boolean inline) {
        return new OrderedPatch(position, source, field, batch, content, sopsEncrypted, true, inline,
                Sha256.hex(content));
    }

    @Override
    public String toString() {
        return "OrderedPatch[" + position + ", " + source + (sopsEncrypted ? ", sops" : "")
                + (goTemplate ? ", template" : "") + ", " + digest + "]";
    }
}
