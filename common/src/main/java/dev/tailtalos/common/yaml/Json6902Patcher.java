package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;

/** Applies RFC 6902 operations (add, remove, replace, move, copy, test) to a copy of one document. */
final class Json6902Patcher {

    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final String source;

    Json6902Patcher(String source) {
        this.source = source;
    }

    ObjectNode apply(ObjectNode document, ArrayNode operations) {
        JsonNode root = document.deepCopy();
        for (int i = 0; i < operations.size(); i++) {
            JsonNode operation = operations.get(i);
            String where = "operation #" + (i + 1);
            if (!operation.isObject()) {
                throw new PatchException(source, where, "a JSON patch operation must be a mapping");
            }
            String op = operation.path("op").asText("");
            where = where + " (" + op + " " + operation.path("path").asText("") + ")";
            try {
                root = applyOne(root, op, operation);
            } catch (IllegalArgumentException e) {
                throw new PatchException(source, where, e.getMessage(), e);
            }
        }
        if (!root.isObject()) {
            throw new PatchException(source, "", "the patched document is no longer a mapping");
        }
        return (ObjectNode) root;
    }

    private static JsonNode applyOne(JsonNode root, String op, JsonNode operation) {
        JsonPointer6901 path = JsonPointer6901.parse(required(operation, "path").asText());
        return switch (op) {
            case "add" -> add(root, path, required(operation, "value").deepCopy());
            case "remove" -> remove(root, path);
            case "replace" -> {
                JsonNode value = required(operation, "value").deepCopy();
                if (path.isRoot()) {
                    yield value;
                }
                // like Talos's json-patch library: replacing a missing key of a mapping sets it
                JsonNode parent = get(root, path.parent());
                if (parent.isObject()) {
                    ((ObjectNode) parent).set(path.last(), value);
                    yield root;
                }
                get(root, path);
                yield add(remove(root, path), path, value);
            }
            case "move" -> {
                JsonPointer6901 from = JsonPointer6901.parse(required(operation, "from").asText());
                if (from.isProperPrefixOf(path)) {
                    throw new IllegalArgumentException("cannot move \"" + from.text() + "\" into its own child");
                }
                JsonNode value = get(root, from);
                yield add(remove(root, from), path, value);
            }
            case "copy" -> {
                JsonPointer6901 from = JsonPointer6901.parse(required(operation, "from").asText());
                yield add(root, path, get(root, from).deepCopy());
            }
            case "test" -> {
                JsonNode expected = required(operation, "value");
                if (!get(root, path).equals(NUMERIC_AWARE, expected)) {
                    throw new IllegalArgumentException("test failed: value differs from " + expected);
                }
                yield root;
            }
            default -> throw new IllegalArgumentException("unknown op \"" + op + "\"");
        };
    }

    private static JsonNode add(JsonNode root, JsonPointer6901 path, JsonNode value) {
        if (path.isRoot()) {
            return value;
        }
        JsonNode parent = get(root, path.parent());
        String token = path.last();
        if (parent.isObject()) {
            ((ObjectNode) parent).set(token, value);
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if ("-".equals(token)) {
                array.add(value);
            } else {
                array.insert(index(token, array.size() + 1, path), value);
            }
        } else {
            throw new IllegalArgumentException("parent of \"" + path.text() + "\" is not a mapping or list");
        }
        return root;
    }

    private static JsonNode remove(JsonNode root, JsonPointer6901 path) {
        if (path.isRoot()) {
            throw new IllegalArgumentException("cannot remove the whole document");
        }
        get(root, path);
        JsonNode parent = get(root, path.parent());
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(path.last());
        } else {
            ((ArrayNode) parent).remove(index(path.last(), parent.size(), path));
        }
        return root;
    }

    private static JsonNode get(JsonNode root, JsonPointer6901 path) {
        JsonNode node = root;
        for (String token : path.tokens()) {
            JsonNode next = null;
            if (node.isObject()) {
                next = node.get(token);
            } else if (node.isArray()) {
                next = node.get(index(token, node.size(), path));
            }
            if (next == null) {
                throw new IllegalArgumentException("path \"" + path.text() + "\" does not exist");
            }
            node = next;
        }
        return node;
    }

    private static int index(String token, int bound, JsonPointer6901 path) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("\"" + token + "\" in \"" + path.text() + "\" is not a list index");
        }
        int index = Integer.parseInt(token);
        if (index >= bound) {
            throw new IllegalArgumentException("index " + index + " in \"" + path.text() + "\" is out of range");
        }
        return index;
    }

    private static JsonNode required(JsonNode operation, String field) {
        JsonNode value = operation.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }
}
