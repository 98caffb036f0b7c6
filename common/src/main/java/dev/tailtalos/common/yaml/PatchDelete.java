package dev.tailtalos.common.yaml;

import java.util.List;

/**
 * One {@code $patch: delete} of a strategic merge patch, as Talos's decoder turns it into a selector: the document it
 * names (apiVersion, kind, name), the YAML path of the deleted mapping, and for a list item the first other key of
 * the item and its scalar value, which the item to delete must have.
 *
 * @param path  keys from the document root; a list item is written {@code [i]}
 * @param key   for a list item: the key it is matched by (its first key other than {@code $patch}); else empty
 * @param value for a list item: the value of {@code key} as written
 * @param line  1-based line of the delete in the patch, 0 when unknown
 */
record PatchDelete(String apiVersion, String kind, String name, List<String> path, String key, String value,
                   int line) implements ConfigPatch.Part {

    PatchDelete {
        path = List.copyOf(path);
    }

    boolean wholeDocument() {
        return path.isEmpty();
    }

    boolean listItem() {
        return !path.isEmpty() && path.get(path.size() - 1).startsWith("[");
    }

    String identity() {
        return ConfigDocuments.identity(apiVersion, kind, name);
    }

    String dottedPath() {
        return String.join(".", path).replace(".[", "[");
    }

    String describe() {
        return listItem() ? dottedPath().replaceFirst("\\[\\d+]$", "") + " item with " + key + ": " + value
                : dottedPath();
    }
}
