package dev.tailtalos.common.gotemplate;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Go map with string keys; Go iterates and prints it in key order.
 *
 * @param zero what {@code index} returns for a missing key (the element type's zero value; null for interface{})
 * @param nil  a nil map (absent in the YAML): empty, but JSON null
 */
public record GoMap(Map<String, Object> entries, Object zero, String goType, boolean nil) {

    public GoMap {
        entries = new TreeMap<>(entries);
    }

    public static GoMap of(Map<String, ?> entries) {
        return new GoMap(new TreeMap<>(entries), null, "map[string]interface {}", false);
    }
}
