package dev.tailtalos.common.crypto.sops;

/** A comment sops stored as a sequence element ({@code type:comment}); never part of the MAC. */
public record SopsComment(String text) {
}
