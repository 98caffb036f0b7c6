package dev.tailtalos.common.crypto.sops;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML for sops: go-yaml v3 scalar typing on read; on write, strings are quoted wherever go-yaml would retype them. */
public final class SopsYamlStore implements SopsStore {
    private static final int MAX_DEPTH = 100;
    private final Yaml yaml;

    public SopsYamlStore() {
        LoaderOptions loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        loader.setMaxAliasesForCollections(100);
        loader.setCodePointLimit(16 * 1024 * 1024);
        loader.setNestingDepthLimit(MAX_DEPTH);
        DumperOptions dumper = new DumperOptions();
        dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumper.setIndent(4);
        dumper.setIndicatorIndent(2);
        dumper.setIndentWithIndicator(true);
        dumper.setSplitLines(false);
        dumper.setWidth(Integer.MAX_VALUE);
        this.yaml = new Yaml(new SafeConstructor(loader), new Representer(dumper), dumper, loader, new GoYamlResolver());
    }

    @Override
    public List<Map<String, Object>> read(String source, String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            for (Node node : yaml.composeAll(new StringReader(text))) {
                if (node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    continue;
                }
                if (!(node instanceof MappingNode)) {
                    throw new SopsException(source, "", "document " + (docs.size() + 1)
                            + " is not a mapping (sops files hold mappings at the top level)");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) toValue(source, node, "", 0, new IdentityHashMap<>());
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

    private Object toValue(String source, Node node, String path, int depth, IdentityHashMap<Node, Boolean> active) {
        if (depth > MAX_DEPTH || active.containsKey(node)) {
            throw new SopsException(source, path, "nesting too deep or recursive alias");
        }
        if (node instanceof ScalarNode scalar) {
            return scalarValue(source, scalar, path);
        }
        active.put(node, true);
        try {
            if (node instanceof SequenceNode seq) {
                List<Object> list = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    list.add(toValue(source, item, path, depth + 1, active));
                }
                return list;
            }
            MappingNode mapping = (MappingNode) node;
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new SopsException(source, path, "mapping keys must be strings");
                }
                String key = keyNode.getValue();
                String childPath = path + key + ":";
                if (map.containsKey(key)) {
                    throw new SopsException(source, childPath, "duplicate mapping key");
                }
                map.put(key, toValue(source, tuple.getValueNode(), childPath, depth + 1, active));
            }
            return map;
        } finally {
            active.remove(node);
        }
    }

    private static Object scalarValue(String source, ScalarNode scalar, String path) {
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.STR) || !tag.startsWith(Tag.PREFIX)) {
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
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> doc : documents) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            StringWriter w = new StringWriter();
            yaml.serialize(toNode(doc), w);
            out.append(w);
        }
        return out.toString();
    }

    private static Node toNode(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<NodeTuple> tuples = new ArrayList<>();
            map.forEach((k, v) -> tuples.add(new NodeTuple(scalar(Tag.STR, k.toString()), toNode(v))));
            return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        }
        if (value instanceof List<?> list) {
            List<Node> items = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof SopsComment)) {
                    items.add(toNode(o));
                }
            }
            return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
        }
        if (value == null) {
            return scalar(Tag.NULL, "null");
        }
        if (value instanceof String s) {
            return s.contains("\n") ? new ScalarNode(Tag.STR, s, null, null, DumperOptions.ScalarStyle.LITERAL)
                    : scalar(Tag.STR, s);
        }
        if (value instanceof Boolean b) {
            return scalar(Tag.BOOL, b.toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            return scalar(Tag.INT, value.toString());
        }
        if (value instanceof Double d) {
            String text;
            if (d.isNaN()) {
                text = ".nan";
            } else if (d.isInfinite()) {
                text = d > 0 ? ".inf" : "-.inf";
            } else {
                text = GoYamlScalars.formatFloat(d);
                if (!text.contains(".")) {
                    text = text + ".0";
                }
            }
            return scalar(Tag.FLOAT, text);
        }
        if (value instanceof GoTime t) {
            return scalar(Tag.TIMESTAMP, t.rfc3339Nano());
        }
        return scalar(Tag.STR, value.toString());
    }

    private static ScalarNode scalar(Tag tag, String value) {
        return new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }
}
