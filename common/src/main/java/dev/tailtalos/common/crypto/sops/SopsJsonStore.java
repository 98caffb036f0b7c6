package dev.tailtalos.common.crypto.sops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON for sops: one top-level object; numbers become int when they are integers in the int64 range, else float. */
public final class SopsJsonStore implements SopsStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public List<Map<String, Object>> read(String source, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SopsException(source, "", "not valid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SopsException(source, "", "the top level must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) toValue(root);
        return List.of(doc);
    }

    private static Object toValue(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), toValue(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(toValue(n)));
            return list;
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            return v.bitLength() < 64 ? (Object) v.longValue() : (Object) v.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    @Override
    public String write(List<Map<String, Object>> documents) {
        if (documents.size() != 1) {
            throw new IllegalArgumentException("a JSON sops file holds exactly one document");
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(toNode(documents.get(0))) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode toNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = f.objectNode();
            map.forEach((k, v) -> o.set(k.toString(), toNode(v)));
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            list.stream().filter(v -> !(v instanceof SopsComment)).forEach(v -> a.add(toNode(v)));
            return a;
        }
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof GoTime t) {
            return f.textNode(t.rfc3339Nano());
        }
        return f.textNode(value.toString());
    }
}
