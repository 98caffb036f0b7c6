package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One parsed YAML document and the line on which each node starts.
 *
 * @param root  the document tree (an ObjectNode, ArrayNode or scalar node)
 * @param lines 1-based start line per path; paths look like {@code nodes[1].ipAddress}, the root is {@code ""}
 */
public record YamlDocument(JsonNode root, Map<String, Integer> lines) {

    public YamlDocument {
        lines = Map.copyOf(lines);
    }

    /** Line where the node at {@code path} starts, or 0 when the path is not in the document. */
    public int lineOf(String path) {
        return lines.getOrDefault(path, 0);
    }
}
