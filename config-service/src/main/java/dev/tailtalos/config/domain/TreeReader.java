package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.yaml.YamlPath;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed values out of a talconfig.yaml subtree the way yaml.v3 binds them to Go fields: a missing or null key is
 * the zero value, unknown keys are ignored, a value of the wrong type is a problem naming its field.
 */
final class TreeReader {

    static final long UINT8 = 0xffL;
    static final long UINT16 = 0xffffL;
    static final long UINT32 = 0xffff_ffffL;

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    TreeReader(String file) {
        this.file = file;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    void error(String field, String message) {
        problems.add(ConfigProblem.error(file, 0, field, message));
    }

    static boolean present(JsonNode object, String key) {
        JsonNode value = object.get(key);
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    /** A scalar as text (yaml.v3 puts any scalar's text into a string field); null when absent. */
    String text(JsonNode object, String path, String key) {
        if (!present(object, key)) {
            return null;
        }
        JsonNode value = object.get(key);
        if (!value.isValueNode()) {
            error(YamlPath.field(path, key), "must be a string");
            return null;
        }
        return value.asText();
    }

    String textOrEmpty(JsonNode object, String path, String key) {
        String value = text(object, path, key);
        return value == null ? "" : value;
    }

    /** null when absent, so that "set to false" and "unset" stay apart as with Go's {@code *bool}. */
    Boolean bool(JsonNode object, String path, String key) {
        if (!present(object, key)) {
            return null;
        }
        JsonNode value = object.get(key);
        if (!value.isBoolean()) {
            error(YamlPath.field(path, key), "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    long unsigned(JsonNode object, String path, String key, long max) {
        return integer(object, path, key, 0, max);
    }

    long integer(JsonNode object, String path, String key, long min, long max) {
        if (!present(object, key)) {
            return 0;
        }
        JsonNode value = object.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            error(YamlPath.field(path, key), "must be a whole number from " + min + " to " + max);
            return 0;
        }
        return value.longValue();
    }

    /** The object under {@code key}, or null when absent. */
    JsonNode object(JsonNode object, String path, String key) {
        if (!present(object, key)) {
            return null;
        }
        JsonNode value = object.get(key);
        if (!value.isObject()) {
            error(YamlPath.field(path, key), "must be a mapping");
            return null;
        }
        return value;
    }

    /**
     * The list under {@code key} (empty when absent), index for index; an entry that is not a mapping is a problem and
     * null in the result.
     */
    List<JsonNode> objects(JsonNode object, String path, String key) {
        return objects(list(object, path, key), YamlPath.field(path, key));
    }

    List<JsonNode> objects(JsonNode list, String path) {
        List<JsonNode> result = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            if (list.get(i).isObject()) {
                result.add(list.get(i));
            } else {
                error(YamlPath.index(path, i), "must be a mapping");
                result.add(null);
            }
        }
        return result;
    }

    List<String> texts(JsonNode object, String path, String key) {
        List<String> result = new ArrayList<>();
        JsonNode list = list(object, path, key);
        for (int i = 0; list != null && i < list.size(); i++) {
            if (list.get(i).isValueNode() && !list.get(i).isNull()) {
                result.add(list.get(i).asText());
            } else {
                error(YamlPath.index(YamlPath.field(path, key), i), "must be a string");
            }
        }
        return result;
    }

    private JsonNode list(JsonNode object, String path, String key) {
        if (!present(object, key)) {
            return null;
        }
        JsonNode value = object.get(key);
        if (!value.isArray()) {
            error(YamlPath.field(path, key), "must be a list");
            return null;
        }
        return value;
    }
}
