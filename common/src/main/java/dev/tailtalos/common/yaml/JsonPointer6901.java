package dev.tailtalos.common.yaml;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON Pointer tokens, with {@code ~1} for '/' and {@code ~0} for '~'. */
record JsonPointer6901(String text, List<String> tokens) {

    static JsonPointer6901 parse(String text) {
        if (text.isEmpty()) {
            return new JsonPointer6901(text, List.of());
        }
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer \"" + text + "\" must start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            if (raw.matches(".*~([^01]|$).*")) {
                throw new IllegalArgumentException("JSON pointer \"" + text + "\" has an invalid '~' escape");
            }
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return new JsonPointer6901(text, List.copyOf(tokens));
    }

    boolean isRoot() {
        return tokens.isEmpty();
    }

    JsonPointer6901 parent() {
        return new JsonPointer6901(text.substring(0, text.lastIndexOf('/')), tokens.subList(0, tokens.size() - 1));
    }

    String last() {
        return tokens.get(tokens.size() - 1);
    }

    boolean isProperPrefixOf(JsonPointer6901 other) {
        return other.tokens.size() > tokens.size() && other.tokens.subList(0, tokens.size()).equals(tokens);
    }
}
