package dev.tailtalos.common.crypto.sops;

import java.util.ArrayList;
import java.util.List;

/** A sequence with the comments sops keeps between its items; equality ignores the comments. */
final class CommentedList extends ArrayList<Object> {
    final List<PlacedComment> comments = new ArrayList<>();
}
