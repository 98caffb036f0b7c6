package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What Talos's decoder refuses in a config or patch document: a kind it does not know, a key its Go type does not
 * have (reported with a "did you mean"), a mapping where a list or scalar belongs and the like. Errors name the
 * source, the line and the path of the key.
 */
final class TalosTypeCheck {

    private final TalosTypes types;
    private final String source;
    private String label = "";
    private String firstUnknown;

    TalosTypeCheck(TalosTypes types, String source) {
        this.types = types;
        this.source = source;
    }

    /** The document's Go type; throws when Talos does not know its kind. */
    TalosTypes.Type documentType(JsonNode document, YamlDocument lines) {
        String kind = document.path("kind").asText("");
        if (kind.isEmpty()) {
            boolean legacy = "v1alpha1".equals(document.path("version").asText(""))
                    || document.has("machine") || document.has("cluster") || document.has("debug")
                    || document.has("persist");
            if (!legacy) {
                throw error(lines, "", "the document has no kind and is not a v1alpha1 machine config (it needs"
                        + " version: v1alpha1, machine: or cluster:)");
            }
            return types.document(ConfigDocuments.V1ALPHA1);
        }
        TalosTypes.Type type = types.document(kind);
        if (type == null) {
            throw error(lines, "kind", "Talos " + types.machinery() + " has no config document of kind " + kind
                    + suggestion(kind, types.kinds()));
        }
        if (!"v1alpha1".equals(document.path("apiVersion").asText(""))) {
            throw error(lines, "apiVersion", "kind " + kind + " needs apiVersion: v1alpha1");
        }
        return type;
    }

    /** Checks {@code document} against its type; returns the type. */
    TalosTypes.Type check(JsonNode document, YamlDocument lines) {
        TalosTypes.Type type = documentType(document, lines);
        List<String> unknown = new ArrayList<>();
        label = document.isObject() ? ConfigDocuments.label((com.fasterxml.jackson.databind.node.ObjectNode) document)
                : "";
        value(document, type, Where.ROOT, lines, unknown);
        if (!unknown.isEmpty()) {
            throw new PatchException(source, label + ":" + firstUnknown, String.join("; ", unknown)
                    + "; Talos refuses keys its config types do not have");
        }
        return type;
    }


    /** The path of a node, built into text only for an error. */
    private record Where(Where parent, String key, int index) {
        static final Where ROOT = new Where(null, null, -1);

        Where field(String name) {
            return new Where(this, name, -1);
        }

        Where item(int i) {
            return new Where(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            return key != null ? YamlPath.field(parent.toString(), key) : YamlPath.index(parent.toString(), index);
        }
    }

    private void value(JsonNode node, TalosTypes.Type type, Where where, YamlDocument lines, List<String> unknown) {
        if (node.isNull() || "any".equals(type.kind()) || (type.isOpaque() && node.isObject())) {
            // an opaque struct (a PEM certificate and key, a URL) decodes itself, from a mapping or a scalar
            return;
        }
        if (node.isObject()) {
            if (type.isStruct()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    TalosTypes.Field field = type.fields().get(entry.getKey());
                    if (field != null) {
                        value(entry.getValue(), types.type(field.type()), where.field(entry.getKey()), lines, unknown);
                    } else if (!type.anyKeys()) {
                        String child = where.field(entry.getKey()).toString();
                        if (unknown.isEmpty()) {
                            firstUnknown = child;
                        }
                        unknown.add(at(lines, child) + "unknown key \"" + child + "\""
                                + suggestion(entry.getKey(), List.copyOf(type.fields().keySet())));
                    }
                }
            } else if ("map".equals(type.kind())) {
                TalosTypes.Type elem = types.type(type.elem());
                node.fields().forEachRemaining(e -> value(e.getValue(), elem, where.field(e.getKey()), lines, unknown));
            } else {
                throw error(lines, where.toString(), "a mapping, but Talos expects " + expected(type));
            }
        } else if (node.isArray()) {
            if (!"slice".equals(type.kind())) {
                throw error(lines, where.toString(), "a list, but Talos expects " + expected(type));
            }
            TalosTypes.Type elem = types.type(type.elem());
            for (int i = 0; i < node.size(); i++) {
                value(node.get(i), elem, where.item(i), lines, unknown);
            }
        } else {
            scalar(node, type, where, lines);
        }
    }

    private void scalar(JsonNode node, TalosTypes.Type type, Where where, YamlDocument lines) {
        boolean ok = switch (type.kind()) {
            case "struct" -> !type.isStruct();
            case "map", "slice" -> false;
            case "bool" -> node.isBoolean();
            // Talos's enums and durations are integers written as text (ingress: block, interval: 10s)
            case "int", "float" -> node.isNumber() || node.isTextual();
            default -> true;
        };
        if (ok && node.isTextual() && "block.ByteSize".equals(type.name())) {
            String unit = node.asText().trim().replaceFirst("^[0-9]+(\\.[0-9]+)?\\s*", "");
            if (!unit.matches("(?i)|b|[kmgtpez]i?b?")) {
                throw error(lines, where.toString(), "\"" + node.asText() + "\" is not a size Talos " + types.machinery()
                        + " reads (Talos: unhandled size name: " + unit + "); write bytes such as 20GiB");
            }
        }
        if (!ok) {
            throw error(lines, where.toString(), (node.isTextual() ? "the text \"" + node.asText() + "\""
                    : node.toString()) + ", but Talos expects " + expected(type));
        }
    }

    private static String expected(TalosTypes.Type type) {
        return switch (type.kind()) {
            case "struct" -> type.isStruct() ? "a mapping" : "a scalar";
            case "map" -> "a mapping";
            case "slice" -> "a list";
            case "bool" -> "true or false";
            case "int" -> "an integer";
            case "float" -> "a number";
            default -> "a scalar";
        };
    }

    private PatchException error(YamlDocument lines, String path, String message) {
        String where = label.isEmpty() ? path : label + ":" + path;
        return new PatchException(source, where, at(lines, path) + message);
    }

    private static String at(YamlDocument lines, String path) {
        int line = lines == null ? 0 : lines.lineOf(path);
        return line > 0 ? "line " + line + ": " : "";
    }

    /** {@code (did you mean "certSANs"?)} for the closest known key, when one is close. */
    static String suggestion(String key, List<String> known) {
        String best = known.stream()
                .min(Comparator.comparingInt((String k) -> distance(key.toLowerCase(), k.toLowerCase())))
                .orElse(null);
        if (best == null) {
            return "";
        }
        int distance = distance(key.toLowerCase(), best.toLowerCase());
        boolean close = distance <= Math.max(2, key.length() / 3)
                || best.toLowerCase().startsWith(key.toLowerCase()) || key.toLowerCase().startsWith(best.toLowerCase());
        return close ? " (did you mean \"" + best + "\"?)" : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
