package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Talos strategic merge: maps merge recursively, lists append except where Talos tags them otherwise. */
final class StrategicMerger {

    private static final String DIRECTIVE = "$patch";
    private static final String DELETE = "delete";

    /** Paths (list items written as {@code []}) whose value a patch replaces instead of merging. */
    private static final Map<String, Set<String>> REPLACED = Map.of(
            ConfigDocuments.V1ALPHA1, Set.of(
                    "cluster.network.podSubnets",
                    "cluster.network.serviceSubnets",
                    "cluster.apiServer.auditPolicy"));

    /**
     * Value (non-pointer) structs in Talos's types: {@code $patch: delete} resets them to their zero value, which the
     * Talos encoder writes as {@code {}}, instead of removing the key.
     */
    private static final Map<String, Set<String>> VALUE_STRUCTS = Map.of(
            ConfigDocuments.V1ALPHA1, Set.of(
                    "cluster.discovery.registries.kubernetes",
                    "cluster.discovery.registries.service"));

    /** Lists whose items are matched by one of these keys and merged, instead of appended. */
    private static final Map<String, Map<String, List<String>>> KEYED_LISTS = Map.of(
            ConfigDocuments.V1ALPHA1, Map.of(
                    "machine.network.interfaces", List.of("interface", "deviceSelector"),
                    "machine.network.interfaces[].vlans", List.of("vlanId")),
            "ExtensionServiceConfig", Map.of(
                    "configFiles", List.of("mountPath")));

    private final String source;

    StrategicMerger(String source) {
        this.source = source;
    }

    List<ObjectNode> apply(List<ObjectNode> config, List<ObjectNode> patchDocuments) {
        List<ObjectNode> result = new ArrayList<>();
        for (ObjectNode document : config) {
            result.add(document.deepCopy());
        }
        for (ObjectNode patch : patchDocuments) {
            int match = indexOf(result, ConfigDocuments.identity(patch));
            String label = ConfigDocuments.label(patch);
            if (isDelete(patch)) {
                if (ConfigDocuments.isV1alpha1(patch)) {
                    throw new PatchException(source, label, "the v1alpha1 document cannot be deleted");
                }
                if (match >= 0) {
                    result.remove(match);
                }
            } else if (match >= 0) {
                mergeMap(result.get(match), patch, new Location(docType(patch), label + ":", ""));
            } else {
                result.add(withoutDirectives(patch));
            }
        }
        return result;
    }

    private void mergeMap(ObjectNode target, ObjectNode patch, Location at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (DIRECTIVE.equals(name) || value.isNull()) {
                continue;
            }
            Location child = at.field(name);
            JsonNode existing = target.get(name);
            if (isDelete(value)) {
                if (VALUE_STRUCTS.getOrDefault(child.docType(), Set.of()).contains(child.schema())) {
                    target.putObject(name);
                } else {
                    target.remove(name);
                }
            } else if (existing == null || existing.isNull() || replaces(child)) {
                target.set(name, withoutDirectives(value));
            } else if (value.isObject() && existing.isObject()) {
                mergeMap((ObjectNode) existing, (ObjectNode) value, child);
            } else if (value.isArray() && existing.isArray()) {
                mergeList((ArrayNode) existing, (ArrayNode) value, child);
            } else if (value.isContainerNode() || existing.isContainerNode()) {
                throw new PatchException(source, child.display(),
                        "cannot merge " + kind(value) + " into " + kind(existing));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private void mergeList(ArrayNode target, ArrayNode patch, Location at) {
        List<String> keys = KEYED_LISTS.getOrDefault(at.docType(), Map.of()).getOrDefault(at.schema(), List.of());
        for (JsonNode item : patch) {
            int match = keys.isEmpty() || !item.isObject() ? -1 : indexByKey(target, (ObjectNode) item, keys);
            if (isDelete(item)) {
                if (keys.isEmpty()) {
                    throw new PatchException(source, at.display(), "$patch: delete in a list needs a merge key");
                }
                if (match >= 0) {
                    target.remove(match);
                }
            } else if (match >= 0) {
                mergeMap((ObjectNode) target.get(match), (ObjectNode) item, at.item(match));
            } else {
                target.add(withoutDirectives(item));
            }
        }
    }

    private static int indexByKey(ArrayNode list, ObjectNode item, List<String> keys) {
        for (String key : keys) {
            JsonNode wanted = item.get(key);
            if (wanted == null || wanted.isNull()) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                if (wanted.equals(list.get(i).get(key))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int indexOf(List<ObjectNode> documents, String identity) {
        for (int i = 0; i < documents.size(); i++) {
            if (ConfigDocuments.identity(documents.get(i)).equals(identity)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean replaces(Location location) {
        return REPLACED.getOrDefault(location.docType(), Set.of()).contains(location.schema());
    }

    private static boolean isDelete(JsonNode node) {
        return node.isObject() && DELETE.equals(node.path(DIRECTIVE).asText());
    }

    private static String docType(ObjectNode document) {
        return ConfigDocuments.isV1alpha1(document) ? ConfigDocuments.V1ALPHA1 : document.path("kind").asText();
    }

    private static String kind(JsonNode node) {
        return node.isObject() ? "a mapping" : node.isArray() ? "a list" : "a scalar";
    }

    @SuppressWarnings("unchecked")
    private static <T extends JsonNode> T withoutDirectives(T node) {
        JsonNode copy = node.deepCopy();
        stripDirectives(copy);
        return (T) copy;
    }

    private static void stripDirectives(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove(DIRECTIVE);
        }
        for (JsonNode child : node) {
            stripDirectives(child);
        }
    }

    /** Where the merge is: {@code schema} has list items as {@code []}, {@code path} has indexes. */
    private record Location(String docType, String prefix, String path, String schema) {

        Location(String docType, String prefix, String path) {
            this(docType, prefix, path, path);
        }

        Location field(String name) {
            return new Location(docType, prefix, YamlPath.field(path, name), YamlPath.field(schema, name));
        }

        Location item(int index) {
            return new Location(docType, prefix, YamlPath.index(path, index), schema + "[]");
        }

        String display() {
            return prefix + path;
        }
    }
}
