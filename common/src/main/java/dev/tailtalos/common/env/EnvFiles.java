package dev.tailtalos.common.env;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.yaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** talhelper env files (talenv.yaml, talenv.sops.yaml): one mapping of VARIABLE: scalar; {@code ---} lines dropped. */
public final class EnvFiles {
    private static final Yaml YAML = new Yaml();

    private EnvFiles() {
    }

    /**
     * The variables of a plaintext env file.
     *
     * @throws IllegalArgumentException naming the file and variable, never a value
     */
    public static Map<String, String> values(String file, String plaintext) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode root = root(file, plaintext);
        if (root == null) {
            return values;
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (entry.getValue().isContainerNode()) {
                throw new IllegalArgumentException(file + ": env value of " + entry.getKey() + " must be a scalar");
            }
            values.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText());
        }
        return values;
    }

    /** The variable names of a SOPS-encrypted env file, read without decrypting it (sops leaves keys in plain text). */
    public static List<String> encryptedNames(String file, String encryptedText) {
        JsonNode root = root(file, encryptedText);
        List<String> names = new ArrayList<>();
        if (root != null) {
            root.fieldNames().forEachRemaining(name -> {
                if (!name.equals("sops")) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    private static JsonNode root(String file, String text) {
        String cleaned = text.replaceAll("(?m)^---\\s*$", "");
        if (cleaned.isBlank()) {
            return null;
        }
        List<JsonNode> documents;
        try {
            documents = YAML.readAll(file, cleaned);
        } catch (RuntimeException e) {
            // the parser's message may quote a line of the (decrypted) file
            throw new IllegalArgumentException(file + ": not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
        if (documents.isEmpty() || documents.get(0) == null || documents.get(0).isNull()) {
            return null;
        }
        if (!documents.get(0).isObject()) {
            throw new IllegalArgumentException(file + ": env file must be a mapping of VARIABLE: value");
        }
        return documents.get(0);
    }
}
