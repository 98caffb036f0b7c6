package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tailtalos.common.yaml.SourceText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Walks a document along the Talos config JSON schema of its line (the schema Talos generates from its Go config types)
 * and turns every number or boolean where the schema only allows a string into that string, as go-yaml v3 decodes a
 * plain scalar into a Go string field ({@code max-pods: 250} → {@code "250"}, {@code 1.50} → {@code "1.50"}). A field
 * the line's schema no longer lists (deprecated ones Talos still decodes, such as {@code machine.env} on v1.13) is typed
 * by the fallback definitions (the previous line's). File modes ({@code machine.files[].permissions}) are written in octal, as
 * Talos' FileMode marshals them.
 */
public final class SchemaTyping {

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<JsonNode> definitions;

    /** @param definitions the {@code $defs} of the line's schema, then fallbacks (the previous line's) */
    public SchemaTyping(List<JsonNode> definitions) {
        this.definitions = List.copyOf(definitions);
    }

    /** @param definition the {@code $defs} entry the document is typed by, e.g. {@code v1alpha1.Config} */
    public void apply(ObjectNode document, String definition) {
        List<Schema> roots = new ArrayList<>();
        for (JsonNode defs : definitions) {
            roots.add(new Schema(defs, defs.path(definition)));
        }
        walk(document, present(roots), "");
    }

    /** A schema node and the {@code $defs} its references resolve in. */
    private record Schema(JsonNode defs, JsonNode node) {
        Schema resolved() {
            JsonNode schema = node;
            for (int hops = 0; hops < 16 && schema.has("$ref"); hops++) {
                String ref = schema.get("$ref").asText();
                schema = ref.startsWith("#/$defs/") ? defs.path(ref.substring("#/$defs/".length()))
                        : MissingNode.getInstance();
            }
            return new Schema(defs, schema);
        }

        Schema at(JsonNode child) {
            return new Schema(defs, child).resolved();
        }
    }

    private static List<Schema> present(List<Schema> schemas) {
        List<Schema> present = new ArrayList<>();
        for (Schema schema : schemas) {
            Schema resolved = schema.resolved();
            if (!resolved.node().isMissingNode()) {
                present.add(resolved);
            }
        }
        return present;
    }

    private JsonNode walk(JsonNode value, List<Schema> schemas, String path) {
        if (schemas.isEmpty()) {
            return value;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                List<Schema> children = new ArrayList<>();
                schemas.forEach(s -> children.addAll(present(List.of(s.at(propertySchema(s, field.getKey()))))));
                JsonNode typed = walk(field.getValue(), children, path + "." + field.getKey());
                if (typed != field.getValue()) {
                    field.setValue(typed);
                }
            }
            return value;
        }
        if (value.isArray()) {
            ArrayNode array = (ArrayNode) value;
            List<Schema> items = new ArrayList<>();
            schemas.forEach(s -> items.addAll(present(List.of(s.at(itemsSchema(s))))));
            for (int i = 0; i < array.size(); i++) {
                JsonNode typed = walk(array.get(i), items, path + "[]");
                if (typed != array.get(i)) {
                    array.set(i, typed);
                }
            }
            return value;
        }
        if ((value.isNumber() || value.isBoolean()) && onlyString(schemas.get(0), value)) {
            return TextNode.valueOf(value.asText());
        }
        if (value.isIntegralNumber() && path.equals(".machine.files[].permissions")) {
            return SourceText.octal(value.longValue());
        }
        return value;
    }

    private static JsonNode propertySchema(Schema schema, String name) {
        JsonNode node = schema.node();
        JsonNode property = node.path("properties").path(name);
        if (!property.isMissingNode()) {
            return property;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("patternProperties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pattern = it.next();
            if (PATTERNS.computeIfAbsent(pattern.getKey(), Pattern::compile).matcher(name).find()) {
                return pattern.getValue();
            }
        }
        JsonNode additional = node.path("additionalProperties");
        if (additional.isObject()) {
            return additional;
        }
        for (JsonNode branch : branches(node)) {
            JsonNode found = propertySchema(schema.at(branch), name);
            if (!found.isMissingNode()) {
                return found;
            }
        }
        return MissingNode.getInstance();
    }

    private static JsonNode itemsSchema(Schema schema) {
        if (schema.node().has("items")) {
            return schema.node().get("items");
        }
        for (JsonNode branch : branches(schema.node())) {
            Schema resolved = schema.at(branch);
            if (resolved.node().has("items")) {
                return resolved.node().get("items");
            }
        }
        return MissingNode.getInstance();
    }

    /** True when the schema allows a string here and not the value's own type. */
    private static boolean onlyString(Schema schema, JsonNode value) {
        List<String> types = types(schema);
        if (!types.contains("string")) {
            return false;
        }
        return value.isBoolean() ? !types.contains("boolean")
                : !types.contains("number") && !(value.isIntegralNumber() && types.contains("integer"));
    }

    private static List<String> types(Schema schema) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.node().path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        for (JsonNode branch : branches(schema.node())) {
            types.addAll(types(schema.at(branch)));
        }
        return types;
    }

    private static List<JsonNode> branches(JsonNode schema) {
        List<JsonNode> branches = new ArrayList<>();
        for (String keyword : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(keyword).forEach(branches::add);
        }
        return branches;
    }
}
