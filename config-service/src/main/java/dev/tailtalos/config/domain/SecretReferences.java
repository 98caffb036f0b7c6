package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.ConfigDocuments;
import dev.tailtalos.common.yaml.YamlPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds every {@code custody://} reference in the string values of rendered documents. */
public final class SecretReferences {

    private static final Pattern REFERENCE = Pattern.compile("custody://[^\\s\"',]+");

    private SecretReferences() {
    }

    public static List<SecretUse> scan(List<ObjectNode> documents) {
        List<SecretUse> uses = new ArrayList<>();
        for (ObjectNode document : documents) {
            scan(document, ConfigDocuments.label(document) + ":", "", uses);
        }
        return uses;
    }

    private static void scan(JsonNode node, String label, String path, List<SecretUse> uses) {
        if (node.isTextual()) {
            Matcher matcher = REFERENCE.matcher(node.asText());
            while (matcher.find()) {
                uses.add(new SecretUse(matcher.group(), label + path));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                scan(entry.getValue(), label, YamlPath.field(path, entry.getKey()), uses);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), label, YamlPath.index(path, i), uses);
            }
        }
    }
}
