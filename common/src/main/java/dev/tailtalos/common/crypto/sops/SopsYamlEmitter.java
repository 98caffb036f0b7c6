package dev.tailtalos.common.crypto.sops;

import dev.tailtalos.common.crypto.sops.GoYamlEmitter.Event;
import dev.tailtalos.common.crypto.sops.GoYamlEmitter.Kind;
import dev.tailtalos.common.crypto.sops.GoYamlEmitter.Style;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes documents the way sops' YAML store does (stores/yaml/store.go {@code appendTreeBranch}/{@code appendSequence},
 * go-yaml {@code Node.Encode} for scalars, the encoder's {@code node} walk), then hands the events to {@link GoYamlEmitter}.
 */
final class SopsYamlEmitter {
    /** go-yaml writes the string "<<" (a merge key, or any value) as {@code !!merge <<}. */
    private static final String MERGE_KEY = "<<";
    private static final Set<String> OLD_BOOLS = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "off", "Off", "OFF");

    private SopsYamlEmitter() {
    }

    static String write(List<Map<String, Object>> documents) {
        List<Event> events = new ArrayList<>();
        for (Map<String, Object> doc : documents) {
            events.add(Event.of(Kind.DOC_START));
            toEvents(mapping(doc), "", events);
            events.add(Event.of(Kind.DOC_END));
        }
        return GoYamlEmitter.emit(events);
    }

    /** A yaml.Node as sops builds it: kind, scalar text and style, and its three comments. */
    private static final class Node {
        final Kind kind;
        final String value;
        final Style style;
        final List<Node> content = new ArrayList<>();
        String head = "";
        String line = "";
        String foot = "";

        Node(Kind kind, String value, Style style) {
            this.kind = kind;
            this.value = value;
            this.style = style;
        }
    }

    private static Node value(Object v) {
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return mapping(map);
        }
        if (v instanceof List<?> l) {
            return sequence(l);
        }
        return scalar(v);
    }

    private static Node mapping(Map<String, Object> map) {
        Node node = new Node(Kind.MAP_START, "", Style.PLAIN);
        List<PlacedComment> comments = CommentedMap.commentsOf(map);
        Pending pending = new Pending();
        int index = 0;
        Node lastKey = null;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            pending.take(comments, index++);
            if (lastKey == null) {
                node.head = addHead(node.head, pending.head);
                pending.head.clear();
            }
            Node key = scalar(e.getKey());
            key.head = addHead(key.head, pending.head);
            pending.head.clear();
            Node value = value(e.getValue());
            value.line = addLine(value.line, pending.inline);
            pending.inline.clear();
            node.content.add(key);
            node.content.add(value);
            lastKey = key;
        }
        pending.take(comments, index);
        pending.head.addAll(pending.inline);
        if (!pending.head.isEmpty()) {
            if (lastKey == null) {
                node.head = addHead(node.head, pending.head);
            } else {
                lastKey.foot = addFoot(lastKey.foot, pending.head);
            }
        }
        return node;
    }

    private static Node sequence(List<?> list) {
        Node node = new Node(Kind.SEQ_START, "", Style.PLAIN);
        List<PlacedComment> comments = CommentedMap.commentsOf(list);
        Pending pending = new Pending();
        int index = 0;
        for (Object item : list) {
            pending.take(comments, index++);
            if (node.content.isEmpty()) {
                node.head = addHead(node.head, pending.head);
                pending.head.clear();
            }
            Node itemNode = value(item);
            itemNode.head = addHead(itemNode.head, pending.head);
            pending.head.clear();
            itemNode.line = addLine(itemNode.line, pending.inline);
            pending.inline.clear();
            node.content.add(itemNode);
        }
        pending.take(comments, index);
        pending.head.addAll(pending.inline);
        if (!pending.head.isEmpty()) {
            if (node.content.isEmpty()) {
                node.head = addHead(node.head, pending.head);
            } else {
                Node last = node.content.get(node.content.size() - 1);
                last.foot = addFoot(last.foot, pending.head);
            }
        }
        return node;
    }

    private static final class Pending {
        final List<String> head = new ArrayList<>();
        final List<String> inline = new ArrayList<>();

        void take(List<PlacedComment> comments, int before) {
            for (PlacedComment c : comments) {
                if (c.before() == before) {
                    (c.comment().inline() ? inline : head).add(c.comment().text());
                }
            }
        }
    }

    private static String join(List<String> comments) {
        return "#" + String.join("\n#", comments);
    }

    private static String addHead(String existing, List<String> comments) {
        if (comments.isEmpty()) {
            return existing;
        }
        return existing.isEmpty() ? join(comments) : join(comments) + "\n" + existing;
    }

    private static String addFoot(String existing, List<String> comments) {
        if (comments.isEmpty()) {
            return existing;
        }
        return existing.isEmpty() ? join(comments) : existing + "\n" + join(comments);
    }

    private static String addLine(String existing, List<String> comments) {
        return addFoot(existing, comments);
    }

    /** go-yaml {@code Node.Encode} of a Go value: its text and the style the encoder settled on. */
    private static Node scalar(Object v) {
        if (v == null) {
            return new Node(Kind.SCALAR, "null", Style.PLAIN);
        }
        if (v instanceof String s) {
            return new Node(Kind.SCALAR, s, s.equals(MERGE_KEY) ? Style.MERGE : stringStyle(s));
        }
        String text;
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            text = v.toString();
        } else if (v instanceof Double d) {
            text = GoYamlScalars.formatFloatYaml(d);
        } else if (v instanceof GoTime t) {
            text = t.rfc3339Nano();
        } else {
            throw new IllegalArgumentException("cannot write a value of type " + v.getClass().getSimpleName());
        }
        return new Node(Kind.SCALAR, text, Style.PLAIN);
    }

    /** encoder.stringv, then the style the emitter picks when Encode writes it as a lone document. */
    static Style stringStyle(String s) {
        boolean canUsePlain = GoYamlScalars.resolvePlain(s) instanceof String && !s.equals("<<")
                && !OLD_BOOLS.contains(s) && !isBase60Float(s);
        Style requested = s.contains("\n") ? Style.LITERAL : canUsePlain ? Style.PLAIN : Style.DOUBLE;
        return GoYamlEmitter.selectStyle(requested, GoYamlEmitter.Analysis.of(s), 0, false);
    }

    /** go-yaml's isBase60Float: YAML 1.1 sexagesimal numbers such as 190:20:30.15. */
    private static boolean isBase60Float(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(c == '+' || c == '-' || c >= '0' && c <= '9') || s.indexOf(':') < 0) {
            return false;
        }
        return s.matches("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    }

    private static void toEvents(Node n, String tail, List<Event> events) {
        switch (n.kind) {
            case MAP_START -> {
                events.add(new Event(Kind.MAP_START, "", Style.PLAIN, n.head, "", "", tail));
                String keyTail = "";
                for (int i = 0; i + 1 < n.content.size(); i += 2) {
                    Node k = n.content.get(i);
                    String foot = k.foot;
                    k.foot = "";
                    toEvents(k, keyTail, events);
                    keyTail = foot;
                    toEvents(n.content.get(i + 1), "", events);
                }
                events.add(new Event(Kind.MAP_END, "", Style.PLAIN, "", n.line, n.foot, keyTail));
            }
            case SEQ_START -> {
                events.add(new Event(Kind.SEQ_START, "", Style.PLAIN, n.head, "", "", ""));
                for (Node item : n.content) {
                    toEvents(item, "", events);
                }
                events.add(new Event(Kind.SEQ_END, "", Style.PLAIN, "", n.line, n.foot, ""));
            }
            default -> events.add(new Event(Kind.SCALAR, n.value, n.style, n.head, n.line, n.foot, tail));
        }
    }
}
