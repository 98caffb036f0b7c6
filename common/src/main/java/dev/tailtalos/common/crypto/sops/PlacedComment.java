package dev.tailtalos.common.crypto.sops;

/** A comment that stands before the entry with index {@code before} of its mapping or sequence (size = after the last). */
record PlacedComment(int before, SopsComment comment) {
}
