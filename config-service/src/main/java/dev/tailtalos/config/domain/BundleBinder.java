package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fills the {@code custody://talos/bundle#<field>} references of rendered documents from a secrets bundle, as the
 * standalone {@code tailtalos render} does (in the event chain secrets-service binds them). Other references
 * are left as they are and reported by {@link #unbound(List)}.
 */
public final class BundleBinder {

    private final SecretsBundle bundle;

    public BundleBinder(SecretsBundle bundle) {
        this.bundle = bundle;
    }

    /** Copies of {@code documents} with every bundle reference replaced by its value. */
    public List<ObjectNode> bind(List<ObjectNode> documents) {
        List<ObjectNode> bound = new ArrayList<>();
        for (ObjectNode document : documents) {
            ObjectNode copy = document.deepCopy();
            bindIn(copy);
            bound.add(copy);
        }
        return bound;
    }

    private void bindIn(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (isBundleReference(entry.getValue())) {
                    entry.setValue(TextNode.valueOf(value(entry.getValue().asText())));
                } else {
                    bindIn(entry.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (isBundleReference(array.get(i))) {
                    array.set(i, TextNode.valueOf(value(array.get(i).asText())));
                } else {
                    bindIn(array.get(i));
                }
            }
        }
    }

    private String value(String reference) {
        return bundle.get(reference.substring(SecretsBundleRef.PREFIX.length()));
    }

    private static boolean isBundleReference(JsonNode node) {
        return node.isTextual() && node.asText().startsWith(SecretsBundleRef.PREFIX);
    }

    /** {@code text} with every bundle value replaced by its reference, so that previews never show secret material. */
    public String unbind(String text) {
        String result = text;
        for (String field : SecretsBundle.FIELDS) {
            if (bundle.has(field)) {
                result = result.replace(bundle.get(field), SecretsBundleRef.PREFIX + field);
            }
        }
        return result;
    }

    /** The references that remain in bound documents (custody paths other than the Talos bundle). */
    public static List<SecretUse> unbound(List<ObjectNode> documents) {
        return SecretReferences.scan(documents);
    }
}
