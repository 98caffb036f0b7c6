package dev.tailtalos.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The output directory's {@code .gitignore}, kept as {@code talhelper genconfig} keeps it: each generated file name,
 * then {@code talosconfig}, is appended unless a pattern already there ignores it (gitignore matching: {@code *},
 * {@code ?}, {@code **}, a leading {@code /}, a trailing {@code /} for directories, {@code !} negation, comments).
 */
final class GitignoreFile {

    private record Rule(Pattern pattern, boolean negated, boolean directoryOnly) {
    }

    private GitignoreFile() {
    }

    /** @return the entries appended */
    static List<String> append(Path directory, List<String> entries) throws IOException {
        Path file = directory.resolve(".gitignore");
        List<String> lines = Files.isRegularFile(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String entry : entries) {
            if (!ignores(lines, entry)) {
                lines.add(entry);
                Files.writeString(file, entry + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                added.add(entry);
            }
        }
        return added;
    }

    /** Whether the patterns in {@code lines} ignore {@code path} (a file; '/'-separated, relative). */
    static boolean ignores(List<String> lines, String path) {
        boolean ignored = false;
        for (String line : lines) {
            Rule rule = rule(line);
            if (rule != null && matches(rule, path)) {
                ignored = !rule.negated();
            }
        }
        return ignored;
    }

    private static boolean matches(Rule rule, String path) {
        String[] parts = path.split("/");
        // a pattern matches the path or one of its parent directories; a directory-only pattern only the parents
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            boolean directory = i < parts.length - 1;
            if ((directory || !rule.directoryOnly()) && rule.pattern().matcher(prefix).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Rule rule(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        boolean negated = text.startsWith("!");
        if (negated) {
            text = text.substring(1);
        }
        boolean directoryOnly = text.endsWith("/");
        if (directoryOnly) {
            text = text.substring(0, text.length() - 1);
        }
        boolean anchored = text.contains("/");
        if (text.startsWith("/")) {
            text = text.substring(1);
        }
        String regex = glob(text);
        return new Rule(Pattern.compile(anchored ? regex : "(?:.*/)?" + regex), negated, directoryOnly);
    }

    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                boolean slash = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                regex.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
