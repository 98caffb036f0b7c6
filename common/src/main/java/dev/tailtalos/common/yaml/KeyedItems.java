package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Finds the list item a patch item merges into, by the merge keys of Talos's custom list mergers. */
final class KeyedItems {

    private KeyedItems() {
    }

    /**
     * Interfaces match by {@code interface} when the patch item names one, else by an equal {@code deviceSelector}
     * (the first key that the patch item sets wins); other lists by their one key, an absent key being its zero value.
     */
    static int indexOf(ArrayNode list, JsonNode item, List<String> keys, TalosTypes.Type itemType, TalosTypes types) {
        if (keys.size() > 1) {
            for (String key : keys) {
                JsonNode wanted = item.get(key);
                if (wanted == null || wanted.isNull() || (wanted.isTextual() && wanted.asText().isEmpty())) {
                    continue;
                }
                for (int i = 0; i < list.size(); i++) {
                    JsonNode candidate = list.get(i).get(key);
                    if (candidate != null && !candidate.isNull() && sameData(candidate, wanted)) {
                        return i;
                    }
                }
                return -1;
            }
            return -1;
        }
        String key = keys.get(0);
        String zero = zeroText(itemType, key, types);
        String wanted = text(item.get(key), zero);
        for (int i = 0; i < list.size(); i++) {
            if (text(list.get(i).get(key), zero).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static String zeroText(TalosTypes.Type itemType, String key, TalosTypes types) {
        TalosTypes.Field field = itemType.fields().get(key);
        return field != null && "int".equals(types.type(field.type()).kind()) ? "0" : "";
    }

    private static String text(JsonNode node, String zero) {
        return node == null || node.isNull() ? zero : node.asText();
    }

    /** Equal as decoded: numbers by value, mappings regardless of key order. */
    static boolean sameData(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
