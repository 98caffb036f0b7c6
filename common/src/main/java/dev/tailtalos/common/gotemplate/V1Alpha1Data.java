package dev.tailtalos.common.gotemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Talos v1alpha1 machine config document as template data, the way talhelper passes {@code *v1alpha1.Config}:
 * fields under their Go names ({@code .MachineConfig.MachineInstall.InstallImage}), absent fields as Go zero values
 * (nil pointers, empty strings, empty slices). The Go names and types come from {@code v1alpha1-fields.tsv}, generated
 * from the Talos machinery sources (see common/tools/v1alpha1-fields). Types outside that table (Unstructured,
 * certificates, ...) are exposed as plain maps and lists.
 */
public final class V1Alpha1Data {

    private static final String TABLE = "v1alpha1-fields.tsv";
    private static final Map<String, Map<String, FieldInfo>> STRUCTS = new HashMap<>();
    private static final Map<String, String> NAMED = new HashMap<>();
    private static final Map<String, Set<String>> METHODS = new HashMap<>();

    private record FieldInfo(String yamlKey, String type) {
    }

    static {
        try (InputStream in = V1Alpha1Data.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TABLE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t");
                switch (cols[0]) {
                    case "field" -> STRUCTS.computeIfAbsent(cols[1], k -> new LinkedHashMap<>())
                            .put(cols[2], new FieldInfo(cols[3], cols[4]));
                    case "type" -> NAMED.put(cols[1], cols[2]);
                    case "method" -> METHODS.computeIfAbsent(cols[1], k -> new HashSet<>()).add(cols[2]);
                    default -> throw new IllegalStateException("bad row in " + TABLE + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private V1Alpha1Data() {
    }

    /** {@code document} (the v1alpha1 document, YAML keys) as a {@code *v1alpha1.Config}. */
    public static GoStruct of(ObjectNode document) {
        return new Struct("Config", true, document);
    }

    /** The Go field name for a YAML key of a v1alpha1 struct, or null; for tests and docs. */
    static String goField(String struct, String yamlKey) {
        return STRUCTS.getOrDefault(struct, Map.of()).entrySet().stream()
                .filter(e -> e.getValue().yamlKey().equals(yamlKey)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private record Struct(String name, boolean pointer, JsonNode node) implements GoStruct {

        @Override
        public String goType() {
            return (pointer ? "*" : "") + "v1alpha1." + name;
        }

        @Override
        public List<String> fieldNames() {
            return new ArrayList<>(STRUCTS.get(name).keySet());
        }

        @Override
        public Object field(String field) {
            FieldInfo info = STRUCTS.get(name).get(field);
            JsonNode value = node == null ? null : node.get(info.yamlKey());
            return convert(value, info.type());
        }

        @Override
        public boolean hasMethod(String method) {
            return METHODS.getOrDefault(name, Set.of()).contains(method);
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static Object convert(JsonNode node, String type) {
        if (type.startsWith("*")) {
            String inner = type.substring(1);
            if (absent(node)) {
                return new GoNil("*" + qualified(inner), STRUCTS.containsKey(inner) ? new Struct(inner, false, null) : null);
            }
            if (STRUCTS.containsKey(inner)) {
                return new Struct(inner, true, node);
            }
            return convert(node, inner);
        }
        if (type.equals("[]byte")) {
            return absent(node) ? "" : node.asText();
        }
        if (type.startsWith("[]")) {
            String element = type.substring(2);
            if (absent(node) || !node.isArray()) {
                return GoValues.NIL_SLICE;
            }
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(convert(item, element)));
            return list;
        }
        if (type.startsWith("map[string]")) {
            String element = type.substring("map[string]".length());
            Map<String, Object> entries = new TreeMap<>();
            if (!absent(node) && node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    entries.put(entry.getKey(), convert(entry.getValue(), element));
                }
            }
            return new GoMap(entries, zero(element), type, absent(node));
        }
        if (STRUCTS.containsKey(type)) {
            return new Struct(type, false, absent(node) ? null : node);
        }
        if (type.equals("ArgValue")) {
            return argValue(node);
        }
        if (NAMED.containsKey(type) && !NAMED.get(type).startsWith("func")) {
            return convert(node, NAMED.get(type));
        }
        return switch (type) {
            case "string" -> absent(node) ? "" : node.asText();
            case "bool" -> !absent(node) && (node.isBoolean() ? node.booleanValue() : node.asText().equals("true"));
            case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64" ->
                    absent(node) ? (Object) 0L : node.isNumber() ? (Object) node.longValue() : node.asText();
            case "float32", "float64" -> absent(node) ? 0.0 : node.asDouble();
            case "time.Duration" -> absent(node) ? "0s" : node.asText();
            default -> generic(node);
        };
    }

    /** Talos's ArgValue: a string or a list of strings, in unexported fields templates can print but not read. */
    private static GoStruct argValue(JsonNode node) {
        List<Object> list = new ArrayList<>();
        String text = "";
        if (!absent(node) && node.isArray()) {
            node.forEach(item -> list.add(item.asText()));
        } else if (!absent(node)) {
            text = node.asText();
        }
        List<Object> printed = List.of(list, text);
        return new GoStruct() {
            @Override
            public String goType() {
                return "v1alpha1.ArgValue";
            }

            @Override
            public List<String> fieldNames() {
                return List.of();
            }

            @Override
            public Object field(String name) {
                throw new IllegalStateException("ArgValue has no exported fields");
            }

            @Override
            public List<Object> printedValues() {
                return printed;
            }

            @Override
            public boolean hasMethod(String name) {
                return METHODS.getOrDefault("ArgValue", Set.of()).contains(name);
            }
        };
    }

    private static Object zero(String type) {
        if (type.startsWith("*")) {
            return new GoNil(qualified(type.substring(1)), null);
        }
        return convert(null, type);
    }

    /** YAML as Go decodes it into interface{}: maps, slices, strings, bools, ints and floats. */
    static Object generic(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> entries = new TreeMap<>();
            node.fields().forEachRemaining(e -> entries.put(e.getKey(), generic(e.getValue())));
            return GoMap.of(entries);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(generic(item)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    private static String qualified(String type) {
        if (STRUCTS.containsKey(type) || NAMED.containsKey(type) || type.equals("Unstructured")) {
            return "v1alpha1." + type;
        }
        return type;
    }
}
