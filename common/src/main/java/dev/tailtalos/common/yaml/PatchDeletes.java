package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Takes the {@code $patch: delete} markers out of a patch document the way Talos's decoder does: each marked mapping
 * becomes a {@link PatchDelete} and is removed, and so is every mapping or list the removal leaves empty. What is
 * left is merged as an ordinary patch document.
 */
final class PatchDeletes {

    static final String DIRECTIVE = "$patch";
    static final String DELETE = "delete";

    private final String source;
    private final YamlDocument document;
    private final String apiVersion;
    private final String kind;
    private final String name;
    private final List<PatchDelete> deletes = new ArrayList<>();

    private PatchDeletes(String source, YamlDocument document) {
        this.source = source;
        this.document = document;
        JsonNode root = document.root();
        this.apiVersion = text(root, "apiVersion");
        this.kind = text(root, "kind");
        this.name = text(root, "name");
    }

    /** The deletes of {@code document}, and the document without them (null when nothing is left to merge). */
    record Extracted(List<PatchDelete> deletes, ObjectNode remainder) {
    }

    static Extracted extract(String source, YamlDocument document) {
        PatchDeletes extractor = new PatchDeletes(source, document);
        ObjectNode copy = ((ObjectNode) document.root()).deepCopy();
        boolean emptied = extractor.mapping(copy, new ArrayList<>(), "", false);
        ObjectNode remainder = emptied || onlyIdentity(copy) ? null : copy;
        return new Extracted(List.copyOf(extractor.deletes), remainder);
    }

    static boolean isDelete(JsonNode node) {
        return node.isObject() && node.path(DIRECTIVE).isTextual() && DELETE.equals(node.get(DIRECTIVE).asText());
    }

    /** @return true when the mapping is to be removed from its parent */
    private boolean mapping(ObjectNode node, List<String> path, String display, boolean inList) {
        if (isDelete(node)) {
            if (inList) {
                deletes.add(itemDelete(node, path, display));
            } else {
                requireNoListInPath(path, display);
                deletes.add(selector(path, "", "", display));
            }
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> childPath = with(path, entry.getKey());
            String childDisplay = YamlPath.field(display, entry.getKey());
            if (child(entry.getValue(), childPath, childDisplay, false)) {
                it.remove();
                if (node.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean sequence(ArrayNode node, List<String> path, String display) {
        for (int i = 0; i < node.size(); i++) {
            if (child(node.get(i), with(path, "[" + i + "]"), YamlPath.index(display, i), true)) {
                node.remove(i);
                i--;
                if (node.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean child(JsonNode value, List<String> path, String display, boolean inList) {
        if (value.isObject()) {
            return mapping((ObjectNode) value, path, display, inList);
        }
        if (value.isArray()) {
            return sequence((ArrayNode) value, path, display);
        }
        return false;
    }

    private PatchDelete itemDelete(ObjectNode item, List<String> path, String display) {
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!DIRECTIVE.equals(entry.getKey())) {
                JsonNode value = entry.getValue();
                return selector(path, entry.getKey(), value.isValueNode() && !value.isNull() ? value.asText() : "",
                        display);
            }
        }
        throw new PatchException(source, display, "a list item marked $patch: delete needs a key that says which item"
                + " to delete (e.g. interface: eth0 or mountPath: /etc/x)" + lineHint(display));
    }

    private PatchDelete selector(List<String> path, String key, String value, String display) {
        String docKind = kind;
        if (path.isEmpty() && (apiVersion.isEmpty() || kind.isEmpty())) {
            throw new PatchException(source, "", "$patch: delete of a whole document needs its apiVersion and kind"
                    + (kind.isEmpty() ? " (the v1alpha1 machine config cannot be deleted)" : "") + lineHint(display));
        }
        if (docKind.isEmpty() && apiVersion.isEmpty()) {
            docKind = ConfigDocuments.V1ALPHA1;
        } else if (docKind.isEmpty() || apiVersion.isEmpty()) {
            throw new PatchException(source, display, "a document with $patch: delete needs both apiVersion and kind"
                    + lineHint(display));
        }
        return new PatchDelete(apiVersion, docKind, name, path, key, value, document.lineOf(display));
    }

    private void requireNoListInPath(List<String> path, String display) {
        for (String token : path) {
            if (token.startsWith("[")) {
                throw new PatchException(source, display, "cannot delete " + display
                        + ": $patch: delete works on a list item or on a key outside lists, not on a key inside a list"
                        + " item" + lineHint(display));
            }
        }
    }

    private String lineHint(String display) {
        int line = document.lineOf(display);
        return line > 0 ? " (line " + line + ")" : "";
    }

    /** Talos skips a document left with nothing but version, kind and name scalars. */
    private static boolean onlyIdentity(ObjectNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (!entry.getValue().isValueNode() || !(key.equals("version") || key.equals("kind") || key.equals("name"))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> with(List<String> path, String token) {
        List<String> copy = new ArrayList<>(path);
        copy.add(token);
        return copy;
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? "" : value.asText();
    }
}
