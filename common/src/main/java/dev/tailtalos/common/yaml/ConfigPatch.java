package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A loaded Talos config patch: either a (multi-document) strategic merge patch or an RFC 6902 JSON patch. */
public sealed interface ConfigPatch {

    /** Where the patch came from, for errors: a file path or {@code inline #N}. */
    String source();

    record StrategicMerge(String source, List<ObjectNode> documents) implements ConfigPatch {
        public StrategicMerge {
            documents = List.copyOf(documents);
        }
    }

    record JsonPatch(String source, ArrayNode operations) implements ConfigPatch {
    }

    /** Like Talos {@code LoadPatch}: mappings are a strategic merge patch, a single sequence is a JSON patch. */
    static ConfigPatch parse(Yaml yaml, String source, String text) {
        List<JsonNode> documents;
        try {
            documents = yaml.readAll(source, text);
        } catch (YamlException e) {
            throw new PatchException(source, "", e.getMessage(), e);
        }
        if (documents.size() == 1 && documents.get(0).isArray()) {
            return new JsonPatch(source, (ArrayNode) documents.get(0));
        }
        List<ObjectNode> objects = new java.util.ArrayList<>();
        for (JsonNode document : documents) {
            if (!document.isObject()) {
                throw new PatchException(source, "", "patch document " + (objects.size() + 1)
                        + " is neither a config mapping nor a JSON patch operation list");
            }
            objects.add((ObjectNode) document);
        }
        return new StrategicMerge(source, objects);
    }
}
