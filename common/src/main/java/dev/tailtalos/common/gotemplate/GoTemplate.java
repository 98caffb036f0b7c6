package dev.tailtalos.common.gotemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Go {@code text/template}: actions, pipelines, variables, trim markers, comments, if/else if/with/range
 * (with break and continue) and a function set (Go's builtins, optionally sprig's). Missing map keys render as
 * {@code <no value>} (missingkey=default); define/template/block are refused.
 */
public final class GoTemplate {

    private final String name;
    private final List<Node> tree;
    private final Map<String, GoFunction> functions;

    private GoTemplate(String name, List<Node> tree, Map<String, GoFunction> functions) {
        this.name = name;
        this.tree = tree;
        this.functions = functions;
    }

    /**
     * @param name names the template in errors (e.g. the file)
     * @throws TemplateException when it does not parse or uses a function not in {@code functions}
     */
    public static GoTemplate parse(String name, String text, Map<String, GoFunction> functions) {
        return new GoTemplate(name, Parser.parse(name, text, functions.keySet()), Map.copyOf(functions));
    }

    /** @throws TemplateException when execution fails (nil pointer, wrong field, failing function, ...) */
    public String execute(Object data) {
        return new Executor(name, functions).execute(tree, data);
    }

    /** talhelper's test for a templated value: it contains {@code {{} or {@code }}}. */
    public static boolean isTemplate(String text) {
        return text != null && (text.contains("{{") || text.contains("}}"));
    }

    /** A Go struct of string fields, in the given order. */
    public static GoStruct struct(String goType, Map<String, ?> fields) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        return new GoStruct() {
            @Override
            public String goType() {
                return goType;
            }

            @Override
            public List<String> fieldNames() {
                return List.copyOf(copy.keySet());
            }

            @Override
            public Object field(String field) {
                return copy.get(field);
            }
        };
    }
}
