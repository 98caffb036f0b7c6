package dev.tailtalos.common.crypto.sops;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML for sops: read with go-yaml v3 scalar typing and the comments where go-yaml attaches them, written the way
 * sops writes it ({@link SopsYamlEmitter}), so decrypted text is byte for byte what {@code sops decrypt} prints.
 */
public final class SopsYamlStore implements SopsStore {
    private static final int MAX_DEPTH = 100;
    private final Yaml yaml;
    private final Yaml commentYaml;

    public SopsYamlStore() {
        LoaderOptions loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        loader.setMaxAliasesForCollections(100);
        loader.setCodePointLimit(16 * 1024 * 1024);
        loader.setNestingDepthLimit(MAX_DEPTH);
        DumperOptions unused = new DumperOptions();
        this.yaml = new Yaml(new SafeConstructor(loader), new Representer(unused), unused, loader, new GoYamlResolver());
        LoaderOptions withComments = new LoaderOptions();
        withComments.setProcessComments(true);
        withComments.setCodePointLimit(16 * 1024 * 1024);
        withComments.setNestingDepthLimit(MAX_DEPTH);
        this.commentYaml = new Yaml(withComments);
    }

    @Override
    public List<Map<String, Object>> read(String source, String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            List<List<YamlCommentCursor.Line>> comments = comments(text);
            int index = 0;
            for (Node node : yaml.composeAll(new StringReader(text))) {
                YamlCommentCursor cursor = new YamlCommentCursor(index < comments.size() ? comments.get(index) : List.of());
                index++;
                if (node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    continue;
                }
                if (!(node instanceof MappingNode)) {
                    throw new SopsException(source, "", "document " + (docs.size() + 1)
                            + " is not a mapping (sops files hold mappings at the top level)");
                }
                CommentedMap doc = (CommentedMap) toValue(source, node, "", 0, new IdentityHashMap<>(), cursor,
                        new YamlCommentCursor.Next(Integer.MAX_VALUE, 0));
                cursor.rest(doc.size(), doc.comments);
                docs.add(doc);
            }
        } catch (MarkedYAMLException e) {
            throw new SopsException(source, "", "not valid YAML at line " + (e.getProblemMark() == null ? 0
                    : e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new SopsException(source, "", "not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }


    /**
     * Builds the value of a node with the comments go-yaml would attach to it: comment lines before an entry belong to
     * the collection being read, a comment after a scalar on its line is inline, and comments after a collection's
     * last entry are placed by {@link YamlCommentCursor#trailing}.
     */
    private Object toValue(String source, Node node, String path, int depth, IdentityHashMap<Node, Boolean> active,
                           YamlCommentCursor comments, YamlCommentCursor.Next after) {
        if (depth > MAX_DEPTH || active.containsKey(node)) {
            throw new SopsException(source, path, "nesting too deep or recursive alias");
        }
        if (node instanceof ScalarNode scalar) {
            return scalarValue(source, scalar, path);
        }
        active.put(node, true);
        try {
            if (node instanceof SequenceNode seq) {
                CommentedList list = new CommentedList();
                List<Node> items = seq.getValue();
                for (int i = 0; i < items.size(); i++) {
                    Node item = items.get(i);
                    comments.before(item.getStartMark().getLine(), i, list.comments);
                    YamlCommentCursor.Next next = i + 1 < items.size() ? new YamlCommentCursor.Next(
                            items.get(i + 1).getStartMark().getLine(), seq.getStartMark().getColumn()) : after;
                    SopsComment afterFlow = isFlow(item) ? comments.takeInline(item.getEndMark().getLine()) : null;
                    list.add(toValue(source, item, path, depth + 1, active, comments, next));
                    if (item instanceof ScalarNode) {
                        comments.inline(item.getEndMark().getLine(), i, list.comments);
                    } else if (afterFlow != null) {
                        list.comments.add(new PlacedComment(i, afterFlow));
                    }
                }
                boolean innermost = items.isEmpty() || items.get(items.size() - 1) instanceof ScalarNode;
                comments.trailing(after, innermost, seq.getStartMark().getColumn(), items.size(), list.comments);
                return list;
            }
            MappingNode mapping = (MappingNode) node;
            CommentedMap map = new CommentedMap();
            List<NodeTuple> tuples = mapping.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple tuple = tuples.get(i);
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new SopsException(source, path, "mapping keys must be strings");
                }
                String key = keyNode.getValue();
                Tag keyTag = keyNode.getTag();
                if (!keyTag.equals(Tag.STR) && !keyTag.equals(Tag.MERGE) && keyTag.startsWith(Tag.PREFIX)) {
                    throw new SopsException(source, path, "mapping key '" + key + "' is read as "
                            + keyTag.getValue().substring(Tag.PREFIX.length())
                            + ", not a string; sops supports only string keys (quote it)");
                }
                String childPath = path + key + ":";
                if (map.containsKey(key)) {
                    throw new SopsException(source, childPath, "duplicate mapping key");
                }
                int keyLine = keyNode.getStartMark().getLine();
                comments.before(keyLine, map.size(), map.comments);
                Node valueNode = tuple.getValueNode();
                YamlCommentCursor.Next next = after;
                if (i + 1 < tuples.size()) {
                    var mark = tuples.get(i + 1).getKeyNode().getStartMark();
                    next = new YamlCommentCursor.Next(mark.getLine(), mark.getColumn());
                }
                if (valueNode instanceof ScalarNode scalar) {
                    comments.inline((isBlockScalar(scalar) ? scalar.getStartMark() : scalar.getEndMark()).getLine(),
                            map.size(), map.comments);
                } else if (!isFlow(valueNode)) {
                    comments.before(keyLine + 1, map.size(), map.comments);
                }
                SopsComment afterFlow = isFlow(valueNode)
                        ? comments.takeInline(valueNode.getEndMark().getLine()) : null;
                Object value = toValue(source, valueNode, childPath, depth + 1, active, comments, next);
                if (afterFlow != null) {
                    CommentedMap.commentsOf(value).add(0, new PlacedComment(0, new SopsComment(afterFlow.text())));
                }
                map.put(key, value);
            }
            boolean innermost = tuples.isEmpty() || tuples.get(tuples.size() - 1).getValueNode() instanceof ScalarNode;
            int column = tuples.isEmpty() ? 0 : tuples.get(0).getKeyNode().getStartMark().getColumn();
            comments.trailing(after, innermost, column, map.size(), map.comments);
            return map;
        } finally {
            active.remove(node);
        }
    }

    /**
     * The comments of the text; none when SnakeYAML's comment scanner rejects text its plain parser may still accept
     * (then the plain parse reports what is wrong, or the file is read without its comments).
     */
    private List<List<YamlCommentCursor.Line>> comments(String text) {
        try {
            return YamlCommentCursor.byDocument(commentYaml, text);
        } catch (YAMLException e) {
            return List.of();
        }
    }

    /** go-yaml makes a comment after a flow collection a comment of that collection (its first), not of the entry. */
    private static boolean isFlow(Node node) {
        return node instanceof CollectionNode<?> c && c.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
    }

    /** A block scalar's inline comment stands on its header line. */
    private static boolean isBlockScalar(ScalarNode scalar) {
        return scalar.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                || scalar.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
    }

    private static Object scalarValue(String source, ScalarNode scalar, String path) {
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.STR) || tag.equals(Tag.MERGE) || !tag.startsWith(Tag.PREFIX)) {
            return v;
        }
        Object resolved = GoYamlScalars.resolvePlain(v);
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL) && resolved instanceof Boolean) {
            return resolved;
        }
        if (tag.equals(Tag.INT) && (resolved instanceof Long || resolved instanceof BigInteger)) {
            return resolved;
        }
        if (tag.equals(Tag.FLOAT) && (resolved instanceof Double || resolved instanceof Long)) {
            return resolved instanceof Long l ? (Object) l.doubleValue() : resolved;
        }
        if (tag.equals(Tag.TIMESTAMP) && resolved instanceof GoTime) {
            return resolved;
        }
        throw new SopsException(source, path, "scalar tagged " + tag + " cannot be read as that type");
    }

    @Override
    public String write(List<Map<String, Object>> documents) {
        return SopsYamlEmitter.write(documents);
    }
}
