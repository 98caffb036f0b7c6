package dev.tailtalos.common.env;

import java.util.Map;

/**
 * envsubst as talhelper runs it (a8m/envsubst in restricted mode, no-unset and no-empty):
 * {@code $VAR ${VAR} ${VAR-d} ${VAR:-d} ${VAR=d} ${VAR:=d} ${VAR+a} ${VAR:+a} $$}.
 * Defaults are substituted themselves, and only when used.
 */
public final class EnvSubstitution {

    private final Map<String, String> env;

    public EnvSubstitution(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** @throws IllegalArgumentException with envsubst's message, e.g. {@code variable ${VAR} not set} */
    public String substitute(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (c != '$') {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                i = braced(text, i + 2, out);
            } else if (isNameChar(next)) {
                int end = nameEnd(text, i + 1);
                out.append(plain(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private int braced(String text, int start, StringBuilder out) {
        int nameEnd = nameEnd(text, start);
        String name = text.substring(start, nameEnd);
        int close = matchingBrace(text, nameEnd);
        if (name.isEmpty() || close < 0) {
            throw new IllegalArgumentException("bad substitution in \"" + excerpt(text, start - 2) + "\"");
        }
        String operator = operator(text, nameEnd, close);
        String argument = text.substring(nameEnd + operator.length(), close);
        if (operator.isEmpty() && !argument.isEmpty()) {
            throw new IllegalArgumentException("bad substitution in \"" + excerpt(text, start - 2) + "\"");
        }
        out.append(expand(name, operator, argument));
        return close + 1;
    }

    private String expand(String name, String operator, String argument) {
        String value = env.get(name);
        boolean set = value != null;
        return switch (operator) {
            case "" -> plain(name);
            case ":-", ":=" -> set && !value.isEmpty() ? value : substitute(argument);
            case "-", "=" -> set ? plain(name) : substitute(argument);
            case "+", ":+" -> set ? substitute(argument) : "";
            default -> throw new IllegalStateException(operator);
        };
    }

    private String plain(String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalArgumentException("variable ${" + name + "} not set");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("variable ${" + name + "} set but empty");
        }
        return value;
    }

    private static String operator(String text, int at, int close) {
        for (String op : new String[] {":-", ":=", ":+", "-", "=", "+"}) {
            if (text.startsWith(op, at) && at + op.length() <= close) {
                return op;
            }
        }
        return "";
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && text.charAt(i - 1) == '$') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isNameChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String excerpt(String text, int from) {
        return text.substring(Math.max(from, 0), Math.min(text.length(), Math.max(from, 0) + 40));
    }
}
