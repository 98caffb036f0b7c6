package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Talos's strategic merge ({@code configpatcher.StrategicMerge} with machinery's {@code merge.Merge}) on YAML trees,
 * typed by {@link TalosTypes}: documents are matched by apiVersion, kind and name; zero values do not override;
 * lists append except where Talos merges items by key (interfaces, VLANs, admission plugins, extension config files)
 * or replaces ({@code merge:"replace"}); a merged struct resets its plain bools and size/expression fields to the
 * patch's value. {@code $patch: delete} selectors remove what they name and fail when it is not there.
 */
final class StrategicMerger {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final TalosTypes types;
    private final TalosDecoded decoded;

    StrategicMerger(String source, TalosTypes types) {
        this.source = source;
        this.types = types;
        this.decoded = new TalosDecoded(types);
    }

    List<ObjectNode> apply(List<ObjectNode> config, List<ConfigPatch.Part> parts) {
        List<ObjectNode> result = new ArrayList<>();
        for (ObjectNode document : config) {
            result.add(document.deepCopy());
        }
        // Talos decodes the config before a strategic merge; the document merged into must be valid (a JSON patch
        // may have made it invalid). Other documents are left unchecked: talhelper appends some Talos would refuse.
        TalosTypeCheck configCheck = new TalosTypeCheck(types, "the config " + source + " applies to");
        TalosTypeCheck check = new TalosTypeCheck(types, source);
        for (ConfigPatch.Part part : parts) {
            if (part instanceof PatchDelete delete) {
                delete(result, delete);
                continue;
            }
            ConfigPatch.Document patch = (ConfigPatch.Document) part;
            TalosTypes.Type type = patch.trusted() ? check.documentType(patch.node(), patch.lines())
                    : check.check(patch.node(), patch.lines());
            int match = indexOf(result, ConfigDocuments.identity(patch.node()));
            if (match >= 0) {
                configCheck.check(result.get(match), null);
                mergeStruct(result.get(match), patch.node(), type, ConfigDocuments.label(patch.node()) + ":");
            } else {
                result.add((ObjectNode) decoded.copy(patch.node(), type));
            }
        }
        return result;
    }

    private void delete(List<ObjectNode> documents, PatchDelete delete) {
        int match = indexOf(documents, delete.identity());
        String label = delete.kind() + (delete.name().isEmpty() ? "" : "/" + delete.name());
        if (match < 0) {
            throw new PatchException(source, label, line(delete) + "$patch: delete names document " + label
                    + ", which the config does not have");
        }
        if (delete.wholeDocument()) {
            if (ConfigDocuments.V1ALPHA1.equals(delete.kind())) {
                throw new PatchException(source, label, "the v1alpha1 document cannot be deleted");
            }
            documents.remove(match);
            return;
        }
        TalosTypes.Type type = types.document(delete.kind());
        if (!new SelectorDelete(types, delete).applyTo(documents.get(match), type)) {
            throw new PatchException(source, label + ": " + delete.dottedPath(), line(delete) + "$patch: delete of "
                    + delete.describe() + " matches nothing in the config (Talos refuses a delete that finds nothing)");
        }
    }

    private static String line(PatchDelete delete) {
        return delete.line() > 0 ? "line " + delete.line() + ": " : "";
    }

    private void mergeStruct(ObjectNode left, JsonNode right, TalosTypes.Type type, String path) {
        for (TalosTypes.Field field : type.fields().values()) {
            JsonNode value = present(right.get(field.name()));
            if (value == null && (field.pointer() || !resetsWhenAbsent(types.type(field.type())))) {
                continue;
            }
            String child = path + (path.endsWith(":") ? "" : ".") + field.name();
            JsonNode merged = merge(present(left.get(field.name())), value, types.type(field.type()), field.pointer(),
                    field.replace(), false, child);
            if (merged == null) {
                left.remove(field.name());
            } else {
                left.set(field.name(), merged);
            }
        }
        if (type.anyKeys()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = right.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!type.fields().containsKey(entry.getKey()) && present(entry.getValue()) != null) {
                    mapEntry(left, entry.getKey(), entry.getValue(), null, path);
                }
            }
        }
    }

    /** The merged value of {@code left} and {@code right} (either may be null: absent); null means absent. */
    private JsonNode merge(JsonNode left, JsonNode right, TalosTypes.Type type, boolean pointer, boolean replace,
                           boolean overwrite, String path) {
        String merger = type.merger();
        if (merger.equals("replace") || merger.equals("unknown")) {
            if (pointer && right == null) {
                return left;
            }
            return copy(right);
        }
        if (pointer || "any".equals(type.kind())) {
            if (right == null) {
                return left;
            }
            if (left == null) {
                return decoded.copy(right, type);
            }
            if ("any".equals(type.kind())) {
                return mergeAny(left, right, path);
            }
            return merge(left, right, type, false, replace, types.pointerZeroOverwrites(), path);
        }
        if (!merger.isEmpty()) {
            return right == null ? left : custom(left, right, type, path);
        }
        return switch (type.kind()) {
            case "struct" -> type.isStruct() ? struct(left, right, type, replace, path) : opaque(left, right);
            case "map" -> map(left, right, type, replace, path);
            case "slice" -> slice(left, right, type, replace);
            case "bytes", "opaque" -> opaque(left, right);
            case "bool" -> copy(right);
            default -> right == null || (type.isZero(right) && !overwrite) ? left : copy(right);
        };
    }

    private JsonNode struct(JsonNode left, JsonNode right, TalosTypes.Type type, boolean replace, String path) {
        if (replace) {
            return right == null || right.isEmpty() ? left : copy(right);
        }
        if (right != null && !right.isObject()) {
            throw new PatchException(source, path, "cannot merge a " + describe(right) + " into a mapping");
        }
        ObjectNode target = left != null && left.isObject() ? (ObjectNode) left : NODES.objectNode();
        mergeStruct(target, right == null ? NODES.objectNode() : right, type, path);
        return left == null && right == null && target.isEmpty() ? null : target;
    }

    private JsonNode map(JsonNode left, JsonNode right, TalosTypes.Type type, boolean replace, String path) {
        if (right == null) {
            return left;
        }
        if (replace) {
            return decoded.copy(right, type);
        }
        ObjectNode target = left != null && left.isObject() ? (ObjectNode) left : NODES.objectNode();
        right.fields().forEachRemaining(e -> mapEntry(target, e.getKey(), e.getValue(), type, path));
        return target;
    }

    /** One key of a Go map ({@code type} null: a map[string]any, e.g. the inline map of Unstructured). */
    private void mapEntry(ObjectNode target, String key, JsonNode value, TalosTypes.Type mapType, String path) {
        JsonNode existing = present(target.get(key));
        String child = path + "." + key;
        if (existing == null) {
            target.set(key, mapType == null ? value.deepCopy() : decoded.copy(value, types.type(mapType.elem())));
            return;
        }
        JsonNode merged = mapType == null ? mergeAny(existing, value, child)
                : merge(existing, present(value), types.type(mapType.elem()), false, false, false, child);
        target.set(key, merged == null ? NODES.nullNode() : merged);
    }

    private JsonNode slice(JsonNode left, JsonNode right, TalosTypes.Type type, boolean replace) {
        if (right == null) {
            return left;
        }
        if (replace || left == null || !left.isArray()) {
            return decoded.copy(right, type);
        }
        ArrayNode target = (ArrayNode) left;
        TalosTypes.Type item = types.type(type.elem());
        right.forEach(value -> target.add(decoded.copy(value, item)));
        return target;
    }

    private static JsonNode opaque(JsonNode left, JsonNode right) {
        if (right != null && right.isObject() && left != null && left.isObject()) {
            // Go merges such a struct field by field (crt and key of a PEM pair): set values replace, empty ones stay
            ObjectNode target = (ObjectNode) left;
            right.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull() && !(e.getValue().isTextual() && e.getValue().asText().isEmpty())) {
                    target.set(e.getKey(), e.getValue().deepCopy());
                }
            });
            return target;
        }
        return right == null || (right.isTextual() && right.asText().isEmpty()) ? left : copy(right);
    }

    /** Talos types with their own Merge method: lists merged or replaced by key, and Args (copied key by key). */
    private JsonNode custom(JsonNode left, JsonNode right, TalosTypes.Type type, String path) {
        if (type.merger().equals("mapCopy")) {
            if (right.isEmpty()) {
                return left;
            }
            ObjectNode target = left != null && left.isObject() ? (ObjectNode) left : NODES.objectNode();
            right.fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue().deepCopy()));
            return target;
        }
        ArrayNode target = left != null && left.isArray() ? (ArrayNode) left : NODES.arrayNode();
        TalosTypes.Type item = types.type(type.elem());
        for (JsonNode patchItem : right) {
            int match = KeyedItems.indexOf(target, patchItem, type.mergeKeys(), item, types);
            if (match < 0) {
                target.add(decoded.copy(patchItem, item));
            } else if (type.merger().equals("keyedReplace")) {
                target.set(match, decoded.copy(patchItem, item));
            } else {
                mergeStruct((ObjectNode) target.get(match), patchItem, item, path + "[" + match + "]");
            }
        }
        return target;
    }

    /** Values of a map[string]any (Unstructured configs): merged by their dynamic YAML type, which must agree. */
    private JsonNode mergeAny(JsonNode left, JsonNode right, String path) {
        if (right == null || right.isNull()) {
            return left;
        }
        if (left == null || left.isNull()) {
            return copy(right);
        }
        if (!dynamicType(left).equals(dynamicType(right))) {
            throw new PatchException(source, path, "cannot merge " + describe(right) + " into " + describe(left)
                    + " (Talos: merge type mismatch)");
        }
        if (left.isObject()) {
            right.fields().forEachRemaining(e -> mapEntry((ObjectNode) left, e.getKey(), e.getValue(), null, path));
            return left;
        }
        if (left.isArray()) {
            right.forEach(item -> ((ArrayNode) left).add(item.deepCopy()));
            return left;
        }
        return !right.isBoolean() && isZero(right) ? left : copy(right);
    }

    private boolean resetsWhenAbsent(TalosTypes.Type type) {
        return types.resetsWhenAbsent(type);
    }

    private static String dynamicType(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a float";
        }
        return node.isBoolean() ? "a bool" : "a string";
    }

    private static String describe(JsonNode node) {
        return dynamicType(node).replaceFirst("^an? ", "");
    }

    static boolean isZero(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            return text.isEmpty();
        }
        if (node.isNumber()) {
            return node.decimalValue().signum() == 0;
        }
        return node.isBoolean() && !node.asBoolean();
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static JsonNode copy(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }

    private static int indexOf(List<ObjectNode> documents, String identity) {
        for (int i = 0; i < documents.size(); i++) {
            if (ConfigDocuments.identity(documents.get(i)).equals(identity)) {
                return i;
            }
        }
        return -1;
    }
}
