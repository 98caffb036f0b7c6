package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns the node graphs SnakeYAML composes (anchors and aliases of every kind resolved by it, under its alias and
 * nesting limits) into Jackson trees: plain scalars typed as go-yaml v3 types them ({@link GoYamlScalars}), {@code <<}
 * merge keys expanded (explicit keys win, as in go-yaml), duplicate keys refused, every node counted against
 * {@link YamlLimits#maxNodes()} (alias expansions included) and the line of each path recorded.
 */
final class YamlTreeBuilder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";
    /** What the resolver gives every untagged plain scalar, so that GoYamlScalars types it instead of SnakeYAML. */
    private static final Tag PLAIN = new Tag("tag:tailtalos.dev,2026:plain");

    private final String source;
    private final YamlLimits limits;
    private final Composer composer;
    private final Set<Node> expanding = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Collections converted so far, with their node counts: a second reference to one is an alias. */
    private final Map<Node, Converted> converted = new IdentityHashMap<>();
    private int aliasesExpanded;
    private Map<String, Integer> lines;
    private int nodeCount;

    YamlTreeBuilder(String text, String source, YamlLimits limits) {
        this.source = source;
        this.limits = limits;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(limits.maxBytes(), 1));
        // our own depth check names the line; SnakeYAML's bounds the composer's recursion on hostile input
        options.setNestingDepthLimit(limits.maxDepth() * 4 + 16);
        // aliases are counted where they are expanded (expandAlias, with the line); this only bounds composing
        options.setMaxAliasesForCollections(Math.max(limits.maxAliases() * 20, 1000));
        options.setAllowRecursiveKeys(false);
        this.composer = new Composer(new ParserImpl(new StreamReader(text), options), new PlainResolver(), options);
    }

    List<YamlDocument> readAll() {
        List<YamlDocument> documents = new ArrayList<>();
        while (composer.checkNode()) {
            Node node = composer.getNode();
            lines = new LinkedHashMap<>();
            nodeCount = 0;
            aliasesExpanded = 0;
            converted.clear();
            JsonNode root = convert(node, "", 0);
            boolean empty = root.isNull() || (root.isTextual() && root.asText().isEmpty());
            if (!empty) {
                documents.add(new YamlDocument(root, lines));
            }
        }
        return documents;
    }

    private JsonNode convert(Node node, String path, int depth) {
        int line = lineOf(node);
        lines.putIfAbsent(path, line);
        countNode(line);
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, line);
        }
        if (!expanding.add(node)) {
            throw new YamlException(source, line, "an alias refers to a mapping or sequence that contains it");
        }
        try {
            Converted earlier = converted.get(node);
            if (earlier != null) {
                return expandAlias(earlier, line, path);
            }
            checkDepth(depth + 1, line);
            int before = nodeCount;
            JsonNode tree = node instanceof MappingNode mapping
                    ? mapping(mapping, path, depth + 1)
                    : sequence((SequenceNode) node, path, depth + 1);
            converted.put(node, new Converted(tree, nodeCount - before));
            return tree;
        } finally {
            expanding.remove(node);
        }
    }

    private record Converted(JsonNode tree, int nodes) {
    }

    private JsonNode expandAlias(Converted earlier, int line, String path) {
        if (++aliasesExpanded > limits.maxAliases()) {
            throw new YamlException(source, line, path,
                    "too many aliases to mappings or sequences (limit " + limits.maxAliases() + ")", null);
        }
        nodeCount += earlier.nodes() - 1; // the alias itself is counted already
        if (nodeCount > limits.maxNodes()) {
            throw new YamlException(source, line, path, "alias expansion makes the document larger than "
                    + limits.maxNodes() + " nodes", null);
        }
        return earlier.tree().deepCopy();
    }

    private JsonNode scalar(ScalarNode scalar, int line) {
        if (PLAIN.equals(scalar.getTag())) {
            return GoYamlScalars.plain(scalar.getValue());
        }
        JsonNode typed = GoYamlScalars.tagged(scalar.getTag().getValue(), scalar.getValue());
        if (typed == null) {
            throw new YamlException(source, line, "cannot decode " + scalar.getValue() + " as " + scalar.getTag());
        }
        return typed;
    }

    private ObjectNode mapping(MappingNode mapping, String path, int depth) {
        ObjectNode object = NODES.objectNode();
        List<ObjectNode> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = lineOf(keyNode);
            if (!(keyNode instanceof ScalarNode key)) {
                throw new YamlException(source, keyLine, "mapping keys must be scalars");
            }
            String name = key.getValue();
            if (MERGE_KEY.equals(name) && key.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                merged.addAll(mergeSources(convert(tuple.getValueNode(), YamlPath.field(path, name), depth), keyLine));
            } else if (object.has(name)) {
                throw new YamlException(source, keyLine, YamlPath.field(path, name), "mapping key \"" + name
                        + "\" already defined at line " + lines.getOrDefault(YamlPath.field(path, name), 0), null);
            } else {
                lines.putIfAbsent(YamlPath.field(path, name), keyLine);
                object.set(name, convert(tuple.getValueNode(), YamlPath.field(path, name), depth));
            }
        }
        for (ObjectNode base : merged) {
            for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!object.has(entry.getKey())) {
                    object.set(entry.getKey(), entry.getValue().deepCopy());
                }
            }
        }
        return object;
    }

    private List<ObjectNode> mergeSources(JsonNode value, int line) {
        List<ObjectNode> sources = new ArrayList<>();
        if (value.isObject()) {
            sources.add((ObjectNode) value);
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isObject()) {
                    throw new YamlException(source, line, "map merge requires a mapping or a sequence of mappings");
                }
                sources.add((ObjectNode) item);
            }
        } else {
            throw new YamlException(source, line, "map merge requires a mapping or a sequence of mappings");
        }
        return sources;
    }

    private ArrayNode sequence(SequenceNode sequence, String path, int depth) {
        ArrayNode array = NODES.arrayNode();
        for (Node item : sequence.getValue()) {
            array.add(convert(item, YamlPath.index(path, array.size()), depth));
        }
        return array;
    }

    private void checkDepth(int depth, int line) {
        if (depth > limits.maxDepth()) {
            throw new YamlException(source, line, "nesting deeper than " + limits.maxDepth() + " levels");
        }
    }

    private void countNode(int line) {
        if (++nodeCount > limits.maxNodes()) {
            throw new YamlException(source, line, "document has more than " + limits.maxNodes()
                    + " nodes (alias expansions included)");
        }
    }

    /** The line where nesting first gets deeper than {@code maxDepth}, read event by event; 0 when it never does. */
    static int lineDeeperThan(String text, int maxDepth) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(text.length(), 1));
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        int depth = 0;
        try {
            while (parser.peekEvent() != null) {
                org.yaml.snakeyaml.events.Event event = parser.getEvent();
                if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent) {
                    if (++depth > maxDepth) {
                        return event.getStartMark().getLine() + 1;
                    }
                } else if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                } else if (event instanceof org.yaml.snakeyaml.events.StreamEndEvent) {
                    return 0;
                }
            }
        } catch (RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static int lineOf(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** Leaves typing plain scalars to GoYamlScalars; collections keep their standard tags. */
    private static final class PlainResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar && implicit) {
                return PLAIN;
            }
            return super.resolve(kind, value, implicit);
        }
    }
}
