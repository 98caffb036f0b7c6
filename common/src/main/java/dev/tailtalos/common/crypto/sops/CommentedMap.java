package dev.tailtalos.common.crypto.sops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** A mapping with the comments sops keeps between its entries; equality ignores the comments. */
final class CommentedMap extends LinkedHashMap<String, Object> {
    final List<PlacedComment> comments = new ArrayList<>();

    static List<PlacedComment> commentsOf(Object container) {
        if (container instanceof CommentedMap m) {
            return m.comments;
        }
        if (container instanceof CommentedList l) {
            return l.comments;
        }
        return List.of();
    }
}
