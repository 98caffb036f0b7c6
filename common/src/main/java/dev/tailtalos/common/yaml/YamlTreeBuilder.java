package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the token stream of a YAMLParser into Jackson trees. Jackson reports an alias as the
 * anchor's name, so aliases (and {@code <<} merge keys) are expanded here, under the limits.
 */
final class YamlTreeBuilder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";

    private final YAMLParser parser;
    private final String source;
    private final YamlLimits limits;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<String, Integer> anchorSizes = new HashMap<>();
    private Map<String, Integer> lines;
    private int aliasesExpanded;
    private int nodeCount;

    YamlTreeBuilder(YAMLParser parser, String source, YamlLimits limits) {
        this.parser = parser;
        this.source = source;
        this.limits = limits;
    }

    List<YamlDocument> readAll() throws IOException {
        List<YamlDocument> documents = new ArrayList<>();
        while (parser.nextToken() != null) {
            lines = new LinkedHashMap<>();
            anchors.clear();
            anchorSizes.clear();
            JsonNode root = readValue("", 0);
            boolean empty = root.isNull() || root.isMissingNode() || (root.isTextual() && root.asText().isEmpty());
            if (!empty) {
                documents.add(new YamlDocument(root, lines));
            }
        }
        return documents;
    }

    private JsonNode readValue(String path, int depth) throws IOException {
        int line = currentLine();
        lines.putIfAbsent(path, line);
        String anchor = parser.getObjectId();
        int countBefore = nodeCount;
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> readObject(path, depth + 1);
            case START_ARRAY -> readArray(path, depth + 1);
            case VALUE_STRING -> parser.isCurrentAlias() ? expandAlias(parser.getText(), line) : text();
            case VALUE_NUMBER_INT -> number();
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> NODES.textNode(parser.getText());
            default -> throw new YamlException(source, line, "unexpected " + parser.currentToken());
        };
        countNodes(1, line, "document has more than ");
        if (anchor != null) {
            anchors.put(anchor, node);
            anchorSizes.put(anchor, nodeCount - countBefore);
        }
        return node;
    }

    private ObjectNode readObject(String path, int depth) throws IOException {
        checkDepth(depth);
        ObjectNode object = NODES.objectNode();
        List<ObjectNode> merged = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int keyLine = currentLine();
            parser.nextToken();
            String childPath = YamlPath.field(path, name);
            lines.putIfAbsent(childPath, keyLine);
            JsonNode value = readValue(childPath, depth);
            if (MERGE_KEY.equals(name)) {
                merged.addAll(mergeSources(value, keyLine));
            } else if (object.has(name)) {
                throw new YamlException(source, keyLine, "mapping key \"" + name + "\" already defined");
            } else {
                object.set(name, value);
            }
        }
        for (ObjectNode base : merged) {
            for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!object.has(entry.getKey())) {
                    object.set(entry.getKey(), entry.getValue().deepCopy());
                }
            }
        }
        return object;
    }

    private List<ObjectNode> mergeSources(JsonNode value, int line) {
        List<ObjectNode> sources = new ArrayList<>();
        if (value.isObject()) {
            sources.add((ObjectNode) value);
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isObject()) {
                    throw new YamlException(source, line, "map merge requires a mapping or a sequence of mappings");
                }
                sources.add((ObjectNode) item);
            }
        } else {
            throw new YamlException(source, line, "map merge requires a mapping or a sequence of mappings");
        }
        return sources;
    }

    private ArrayNode readArray(String path, int depth) throws IOException {
        checkDepth(depth);
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(YamlPath.index(path, array.size()), depth));
        }
        return array;
    }

    private JsonNode expandAlias(String anchor, int line) {
        JsonNode target = anchors.get(anchor);
        if (target == null) {
            throw new YamlException(source, line, "unknown anchor '" + anchor + "' referenced");
        }
        if (target.isContainerNode()) {
            if (++aliasesExpanded > limits.maxAliases()) {
                throw new YamlException(source, line,
                        "too many aliases to mappings or sequences (limit " + limits.maxAliases() + ")");
            }
            countNodes(anchorSizes.getOrDefault(anchor, 1) - 1, line, "alias expansion makes the document larger than ");
        }
        return target.deepCopy();
    }

    private JsonNode text() throws IOException {
        return NODES.textNode(parser.getText());
    }

    private JsonNode number() throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }

    private void checkDepth(int depth) {
        if (depth > limits.maxDepth()) {
            throw new YamlException(source, currentLine(), "nesting deeper than " + limits.maxDepth() + " levels");
        }
    }

    private void countNodes(int count, int line, String problem) {
        nodeCount += count;
        if (nodeCount > limits.maxNodes()) {
            throw new YamlException(source, line, problem + limits.maxNodes() + " nodes");
        }
    }

    private int currentLine() {
        return parser.currentTokenLocation().getLineNr();
    }
}
