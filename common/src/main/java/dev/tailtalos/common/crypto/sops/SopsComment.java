package dev.tailtalos.common.crypto.sops;

/**
 * A YAML comment as sops keeps it (text without the leading {@code #}); never part of the MAC. {@code inline} marks a
 * comment that followed a value on its line; sops forgets that for comments it decrypts.
 */
public record SopsComment(String text, boolean inline) {
    public SopsComment(String text) {
        this(text, false);
    }
}
