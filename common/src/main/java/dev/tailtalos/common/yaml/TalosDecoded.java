package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A YAML tree as Talos decodes it into its Go types: a plain (non-pointer) string or number field holding its zero
 * value is the same as an absent one, and so are nulls and empty lists and mappings; a YAML 1.2 octal such as
 * {@code 0o644} is the integer. {@link #copy} drops the zero fields from a patch value the way a decode and re-encode
 * does; {@link #normalForm} also sorts keys, for comparing configs as data.
 */
public final class TalosDecoded {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TalosTypes types;

    public TalosDecoded(TalosTypes types) {
        this.types = types;
    }

    /** A copy of {@code node} (of Go type {@code type}) without zero-valued plain omitempty scalar fields. */
    JsonNode copy(JsonNode node, TalosTypes.Type type) {
        if (node == null) {
            return null;
        }
        if (node.isObject() && type.isStruct()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                TalosTypes.Field field = type.fields().get(entry.getKey());
                JsonNode value = entry.getValue();
                if (field == null) {
                    out.set(entry.getKey(), value.deepCopy());
                } else if (field.pointer() || !field.omitEmpty() || !isPlainZero(value, types.type(field.type()))) {
                    out.set(entry.getKey(), copy(value, types.type(field.type())));
                }
            }
            return out;
        }
        if (node.isObject() && "map".equals(type.kind())) {
            ObjectNode out = NODES.objectNode();
            TalosTypes.Type elem = types.type(type.elem());
            node.fields().forEachRemaining(e -> out.set(e.getKey(), copy(e.getValue(), elem)));
            return out;
        }
        if (node.isArray() && "slice".equals(type.kind())) {
            ArrayNode out = NODES.arrayNode();
            TalosTypes.Type elem = types.type(type.elem());
            node.forEach(item -> out.add(copy(item, elem)));
            return out;
        }
        return node.deepCopy();
    }

    private static boolean isPlainZero(JsonNode value, TalosTypes.Type type) {
        return switch (type.kind()) {
            case "string", "int", "float" -> type.merger().isEmpty() && value.isValueNode() && type.isZero(value);
            default -> false;
        };
    }

    /** The documents in normal form (see the class comment), keys sorted: equal lists mean equal configs. */
    public List<JsonNode> normalForm(List<? extends JsonNode> documents) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode document : documents) {
            TalosTypes.Type type = documentType(document);
            JsonNode normal = normal(document, type);
            out.add(normal == null ? NODES.objectNode() : normal);
        }
        return out;
    }

    private TalosTypes.Type documentType(JsonNode document) {
        String kind = document.path("kind").asText("");
        return types.document(kind.isEmpty() ? ConfigDocuments.V1ALPHA1 : kind);
    }

    private JsonNode normal(JsonNode node, TalosTypes.Type type) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                TalosTypes.Type child = childType(type, entry.getKey());
                TalosTypes.Field field = type != null && type.isStruct() ? type.fields().get(entry.getKey()) : null;
                if (field != null && !field.pointer() && isPlainZero(entry.getValue(), child)) {
                    continue;
                }
                JsonNode value = normal(entry.getValue(), child);
                if (value != null) {
                    sorted.put(entry.getKey(), value);
                }
            }
            ObjectNode out = NODES.objectNode();
            sorted.forEach(out::set);
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            TalosTypes.Type elem = type != null && "slice".equals(type.kind()) ? types.type(type.elem()) : null;
            for (JsonNode item : node) {
                JsonNode value = normal(item, elem);
                out.add(value == null ? NODES.objectNode() : value);
            }
            return out.isEmpty() ? null : out;
        }
        if (type != null && type.isOpaque() && node.isTextual() && node.asText().isEmpty()) {
            return null;
        }
        if (node.isTextual() && node.asText().matches("0o[0-7]{1,11}")) {
            return NODES.numberNode(BigInteger.valueOf(Long.parseLong(node.asText().substring(2), 8)));
        }
        if (node.isIntegralNumber()) {
            return NODES.numberNode(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return NODES.numberNode(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }

    private TalosTypes.Type childType(TalosTypes.Type type, String key) {
        if (type == null) {
            return null;
        }
        if (type.isStruct()) {
            TalosTypes.Field field = type.fields().get(key);
            return field == null ? null : types.type(field.type());
        }
        return "map".equals(type.kind()) ? types.type(type.elem()) : null;
    }
}
