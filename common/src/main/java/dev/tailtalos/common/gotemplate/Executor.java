package dev.tailtalos.common.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Walks a parse tree over data like Go's text/template exec.go (missingkey=default). */
final class Executor {

    private static final int MAX_OUTPUT = 4 * 1024 * 1024;
    private static final long MAX_STEPS = 5_000_000;

    private static final class BreakSignal extends RuntimeException {
        BreakSignal() {
            super(null, null, false, false);
        }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() {
            super(null, null, false, false);
        }
    }

    private record Variable(String name, Object value) {
    }

    private final String name;
    private final Map<String, GoFunction> functions;
    private final StringBuilder out = new StringBuilder();
    private final List<Variable> variables = new ArrayList<>();
    private long steps;

    Executor(String name, Map<String, GoFunction> functions) {
        this.name = name;
        this.functions = functions;
    }

    String execute(List<Node> tree, Object data) {
        variables.add(new Variable("$", data));
        walkList(data, tree);
        return out.toString();
    }

    private void walkList(Object dot, List<Node> list) {
        for (Node node : list) {
            walk(dot, node);
        }
    }

    private void walk(Object dot, Node node) {
        if (++steps > MAX_STEPS) {
            throw error(node, "template takes too many steps (more than " + MAX_STEPS + ")");
        }
        if (node instanceof Node.Text text) {
            write(node, text.text());
        } else if (node instanceof Node.Action action) {
            Object value = pipeline(dot, action.pipe());
            if (action.pipe().variables().isEmpty()) {
                write(node, GoValues.print(value));
            }
        } else if (node instanceof Node.Branch branch) {
            int mark = variables.size();
            try {
                if (branch.keyword().equals("range")) {
                    range(dot, branch);
                } else {
                    Object value = pipeline(dot, branch.pipe());
                    if (GoValues.truth(value)) {
                        walkList(branch.keyword().equals("with") ? value : dot, branch.list());
                    } else {
                        walkList(dot, branch.elseList());
                    }
                }
            } finally {
                pop(mark);
            }
        } else if (node instanceof Node.Break) {
            throw new BreakSignal();
        } else if (node instanceof Node.Continue) {
            throw new ContinueSignal();
        } else {
            throw error(node, "unknown node");
        }
    }

    private void range(Object dot, Node.Branch branch) {
        Node.Pipeline pipe = branch.pipe();
        Object value = commands(dot, pipe);
        List<String> names = pipe.variables();
        int mark = variables.size();
        List<Object[]> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                items.add(new Object[] {(long) i, list.get(i)});
            }
        } else if (value instanceof GoMap map) {
            map.entries().forEach((k, v) -> items.add(new Object[] {k, v}));
        } else if (value instanceof Long n) {
            if (names.size() > 1) {
                throw error(branch, "can't use " + n + " to iterate over more than one variable");
            }
            for (long i = 0; i < n; i++) {
                if (i > MAX_STEPS) {
                    throw error(branch, "template takes too many steps (more than " + MAX_STEPS + ")");
                }
                items.add(new Object[] {i, i});
            }
        } else if (value != null && value != GoValues.MISSING) {
            throw error(branch, "range can't iterate over " + GoValues.format(value));
        }
        if (items.isEmpty()) {
            walkList(dot, branch.elseList());
            return;
        }
        for (Object[] item : items) {
            if (names.size() == 1) {
                declareOrAssign(branch, names.get(0), item[1], pipe.declare());
            } else if (names.size() == 2) {
                declareOrAssign(branch, names.get(0), item[0], pipe.declare());
                declareOrAssign(branch, names.get(1), item[1], pipe.declare());
            }
            try {
                walkList(item[1], branch.list());
            } catch (BreakSignal e) {
                break;
            } catch (ContinueSignal e) {
                // next item
            } finally {
                pop(mark);
            }
        }
    }

    private Object pipeline(Object dot, Node.Pipeline pipe) {
        Object value = commands(dot, pipe);
        for (String variable : pipe.variables()) {
            declareOrAssign(pipe, variable, value, pipe.declare());
        }
        return value;
    }

    private Object commands(Object dot, Node.Pipeline pipe) {
        Object value = GoValues.MISSING;
        boolean first = true;
        for (Node.Command command : pipe.commands()) {
            value = command(dot, command, first ? Final.NONE : new Final(value));
            first = false;
        }
        return value;
    }

    /** The value piped into a command, if any. */
    private record Final(Object value) {
        static final Final NONE = new Final(null);
    }

    private Object command(Object dot, Node.Command command, Final fin) {
        Node first = command.args().get(0);
        List<Node> args = command.args();
        if (first instanceof Node.Field field) {
            return fieldChain(first, dot, dot, field.names(), args, fin);
        }
        if (first instanceof Node.Variable variable) {
            return fieldChain(first, dot, lookup(first, variable.name()), variable.fields(), args, fin);
        }
        if (first instanceof Node.Chain chain) {
            Object receiver = chain.term() instanceof Node.Identifier id
                    ? call(dot, id, List.of(id), Final.NONE)
                    : argument(dot, chain.term());
            return fieldChain(first, dot, receiver, chain.fields(), args, fin);
        }
        if (first instanceof Node.Identifier id) {
            return call(dot, id, args, fin);
        }
        if (args.size() > 1 || fin != Final.NONE) {
            throw error(first, "can't give argument to non-function " + describe(first));
        }
        if (first instanceof Node.Nil) {
            throw error(first, "nil is not a command");
        }
        return argument(dot, first);
    }

    private Object argument(Object dot, Node node) {
        if (node instanceof Node.Dot) {
            return dot;
        }
        if (node instanceof Node.Nil) {
            return null;
        }
        if (node instanceof Node.Literal literal) {
            return literal.value();
        }
        if (node instanceof Node.Parenthesized p) {
            return pipeline(dot, p.pipe());
        }
        if (node instanceof Node.Identifier id) {
            return call(dot, id, List.of(id), Final.NONE);
        }
        return command(dot, new Node.Command(node.line(), List.of(node)), Final.NONE);
    }

    private Object fieldChain(Node node, Object dot, Object receiver, List<String> names, List<Node> args, Final fin) {
        Object value = receiver;
        for (int i = 0; i < names.size(); i++) {
            boolean last = i == names.size() - 1;
            value = field(node, value, names.get(i), last && (args.size() > 1 || fin != Final.NONE));
        }
        if (names.isEmpty() && (args.size() > 1 || fin != Final.NONE)) {
            throw error(node, "can't give argument to non-function " + describe(node));
        }
        return value;
    }

    private Object field(Node node, Object receiver, String field, boolean hasArgs) {
        if (receiver == null || receiver == GoValues.MISSING) {
            return GoValues.MISSING;
        }
        if (receiver instanceof GoStruct struct) {
            if (struct.fieldNames().contains(field)) {
                if (hasArgs) {
                    throw error(node, field + " has arguments but cannot be invoked as function");
                }
                return struct.field(field);
            }
            if (struct.hasMethod(field)) {
                throw error(node, field + " is a Go method of " + struct.goType()
                        + "; tailtalos templates can only read fields");
            }
        } else if (receiver instanceof GoNil nil) {
            if (nil.pointee() != null && nil.pointee().fieldNames().contains(field)) {
                throw error(node, "nil pointer evaluating " + nil.goType() + "." + field);
            }
        } else if (receiver instanceof GoMap map) {
            if (hasArgs) {
                throw error(node, field + " is not a method but has arguments");
            }
            return map.entries().containsKey(field) ? map.entries().get(field) : GoValues.MISSING;
        }
        throw error(node, "can't evaluate field " + field + " in type " + GoValues.typeName(receiver));
    }

    private Object call(Object dot, Node.Identifier id, List<Node> args, Final fin) {
        GoFunction function = functions.get(id.name());
        if (function == null) {
            throw error(id, "\"" + id.name() + "\" is not a defined function");
        }
        if (id.name().equals("and") || id.name().equals("or")) {
            return andOr(dot, id, args, fin);
        }
        List<Object> values = new ArrayList<>();
        for (Node arg : args.subList(1, args.size())) {
            values.add(nilIfMissing(argument(dot, arg)));
        }
        if (fin != Final.NONE) {
            values.add(nilIfMissing(fin.value()));
        }
        try {
            function.checkArity(values.size());
        } catch (IllegalStateException e) {
            throw error(id, e.getMessage());
        }
        try {
            return function.body().call(values);
        } catch (TemplateException e) {
            throw e;
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            throw error(id, "error calling " + id.name() + ": " + e.getMessage());
        }
    }

    /** Go 1.18+: and/or stop at the first falsy/truthy argument and return it. */
    private Object andOr(Object dot, Node.Identifier id, List<Node> args, Final fin) {
        int count = args.size() - 1 + (fin != Final.NONE ? 1 : 0);
        if (count < 1) {
            throw error(id, "wrong number of args for " + id.name() + ": want at least 1 got 0");
        }
        boolean and = id.name().equals("and");
        Object value = null;
        for (int i = 1; i <= count; i++) {
            value = i < args.size() ? nilIfMissing(argument(dot, args.get(i))) : nilIfMissing(fin.value());
            if (GoValues.truth(value) != and) {
                return value;
            }
        }
        return value;
    }

    private static Object nilIfMissing(Object value) {
        return value == GoValues.MISSING ? null : value;
    }

    private Object lookup(Node node, String variable) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name().equals(variable)) {
                return variables.get(i).value();
            }
        }
        throw error(node, "undefined variable: " + variable);
    }

    private void declareOrAssign(Node node, String variable, Object value, boolean declare) {
        if (declare) {
            variables.add(new Variable(variable, value));
            return;
        }
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name().equals(variable)) {
                variables.set(i, new Variable(variable, value));
                return;
            }
        }
        throw error(node, "undefined variable: " + variable);
    }

    private void pop(int mark) {
        while (variables.size() > mark) {
            variables.remove(variables.size() - 1);
        }
    }

    private void write(Node node, String text) {
        if (out.length() + text.length() > MAX_OUTPUT) {
            throw error(node, "template output is larger than " + MAX_OUTPUT + " characters");
        }
        out.append(text);
    }

    private static String describe(Node node) {
        if (node instanceof Node.Field f) {
            return "." + String.join(".", f.names());
        }
        if (node instanceof Node.Variable v) {
            return v.name() + (v.fields().isEmpty() ? "" : "." + String.join(".", v.fields()));
        }
        if (node instanceof Node.Literal l) {
            return l.source();
        }
        if (node instanceof Node.Identifier i) {
            return i.name();
        }
        if (node instanceof Node.Dot) {
            return ".";
        }
        if (node instanceof Node.Nil) {
            return "nil";
        }
        if (node instanceof Node.Chain c) {
            return describe(c.term()) + "." + String.join(".", c.fields());
        }
        if (node instanceof Node.Parenthesized p) {
            return "(" + p.pipe().source() + ")";
        }
        if (node instanceof Node.Pipeline p) {
            return p.source();
        }
        if (node instanceof Node.Branch b) {
            return b.keyword() + " " + b.pipe().source();
        }
        return node.getClass().getSimpleName();
    }

    private TemplateException error(Node node, String reason) {
        return new TemplateException(name, node.line(), "executing at <" + describe(node) + ">: " + reason);
    }
}
