package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies one {@link PatchDelete} to a document the way Talos's selector does: walks struct fields and map keys by
 * the YAML path, zeroes the last one, and for a list item removes the first item whose string field {@code key}
 * equals {@code value}. Returns false where Talos reports "lookup failed" (or panics on a missing parent).
 */
final class SelectorDelete {

    private final TalosTypes types;
    private final PatchDelete delete;

    SelectorDelete(TalosTypes types, PatchDelete delete) {
        this.types = types;
        this.delete = delete;
    }

    boolean applyTo(ObjectNode document, TalosTypes.Type type) {
        List<String> path = delete.path();
        JsonNode node = document;
        TalosTypes.Type current = type;
        for (int i = 0; i < path.size(); i++) {
            String token = path.get(i);
            boolean last = i == path.size() - 1;
            if (current.isStruct()) {
                TalosTypes.Field field = current.fields().get(token);
                if (field == null) {
                    return false;
                }
                TalosTypes.Type childType = types.type(field.type());
                if (last) {
                    if (!field.pointer() && !field.omitEmpty() && childType.isStruct()) {
                        // a zeroed value struct: Talos's encoder still writes it, as {}
                        ((ObjectNode) node).putObject(token);
                    } else {
                        ((ObjectNode) node).remove(token);
                    }
                    return true;
                }
                JsonNode child = present(node.get(token));
                if (child == null) {
                    if (field.pointer() || !childType.isStruct()) {
                        return false;
                    }
                    child = ((ObjectNode) node).objectNode();
                }
                node = child;
                current = childType;
            } else if ("map".equals(current.kind()) || ("any".equals(current.kind()) && node.isObject())) {
                JsonNode child = present(node.get(token));
                if (child == null) {
                    return false;
                }
                if (last) {
                    ((ObjectNode) node).remove(token);
                    return true;
                }
                node = child;
                current = "any".equals(current.kind()) ? current : types.type(current.elem());
            } else if ("slice".equals(current.kind()) && node.isArray() && last && token.startsWith("[")) {
                return removeItem((ArrayNode) node, types.type(current.elem()));
            } else {
                return false;
            }
        }
        return false;
    }

    private boolean removeItem(ArrayNode list, TalosTypes.Type itemType) {
        TalosTypes.Field field = itemType.isStruct() ? itemType.fields().get(delete.key()) : null;
        if (field == null || field.pointer() || !"string".equals(types.type(field.type()).kind())) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode value = list.get(i).get(delete.key());
            String text = value == null || value.isNull() ? "" : value.asText();
            if (list.get(i).isObject() && text.equals(delete.value())) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
