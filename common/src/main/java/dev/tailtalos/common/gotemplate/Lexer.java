package dev.tailtalos.common.gotemplate;

import dev.tailtalos.common.gotemplate.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a template into text and action tokens, applying the {@code {{- } and {@code -}}} trim markers. */
final class Lexer {

    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\\d[\\d_]*)?\\.?\\d[\\d_]*([eE][+-]?\\d+)?i?)");

    private final String name;
    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;

    private Lexer(String name, String input) {
        this.name = name;
        this.input = input;
    }

    static List<Token> lex(String name, String input) {
        Lexer lexer = new Lexer(name, input);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        boolean trimNext = false;
        while (pos < input.length()) {
            int open = input.indexOf("{{", pos);
            int end = open < 0 ? input.length() : open;
            String text = input.substring(pos, end);
            if (trimNext) {
                text = stripLeading(text);
            }
            boolean trimLeft = open >= 0 && input.startsWith("-", open + 2) && isSpace(open + 3);
            if (trimLeft) {
                text = stripTrailing(text);
            }
            if (!text.isEmpty()) {
                tokens.add(new Token(Type.TEXT, text, line, false));
            }
            line += count(input.substring(pos, end));
            if (open < 0) {
                pos = input.length();
                break;
            }
            pos = open + 2 + (trimLeft ? 1 : 0);
            trimNext = action(trimLeft);
        }
        tokens.add(new Token(Type.EOF, "", line, false));
    }

    /** Lexes one action after its left delimiter; true when it ends with a right trim marker. */
    private boolean action(boolean trimLeft) {
        int startLine = line;
        // a comment starts right after the delimiter, or after "{{- "
        int commentAt = trimLeft ? pos + 1 : pos;
        if (input.startsWith("/*", commentAt)) {
            pos = commentAt;
            int close = input.indexOf("*/", pos + 2);
            if (close < 0) {
                throw error(startLine, "unclosed comment");
            }
            line += count(input.substring(pos, close));
            pos = close + 2;
            boolean trim = input.startsWith(" -}}", pos) || input.startsWith("\t-}}", pos)
                    || input.startsWith("\n-}}", pos) || input.startsWith("\r-}}", pos);
            if (trim) {
                pos += 4;
                return true;
            }
            if (!input.startsWith("}}", pos)) {
                throw error(line, "comment ends before closing delimiter");
            }
            pos += 2;
            return false;
        }
        tokens.add(new Token(Type.LEFT, "{{", startLine, false));
        boolean space = true;
        while (true) {
            if (pos >= input.length()) {
                throw error(startLine, "unclosed action");
            }
            if (isSpace(pos)) {
                if (input.startsWith("-}}", pos + 1)) {
                    line += count(input.substring(pos, pos + 1));
                    pos += 4;
                    tokens.add(new Token(Type.RIGHT, "}}", line, true));
                    return true;
                }
                skipSpaces();
                space = true;
                continue;
            }
            if (input.startsWith("}}", pos)) {
                pos += 2;
                tokens.add(new Token(Type.RIGHT, "}}", line, space));
                return false;
            }
            lexToken(space);
            space = false;
        }
    }

    private void lexToken(boolean space) {
        char c = input.charAt(pos);
        Matcher number = NUMBER.matcher(input).region(pos, input.length());
        if (c == '"') {
            add(Type.STRING, quoted(), space);
        } else if (c == '`') {
            int close = input.indexOf('`', pos + 1);
            if (close < 0) {
                throw error(line, "unterminated raw quoted string");
            }
            String raw = input.substring(pos + 1, close);
            tokens.add(new Token(Type.STRING, raw, line, space));
            line += count(raw);
            pos = close + 1;
        } else if (c == '\'') {
            int close = input.indexOf('\'', pos + 1);
            if (close < 0) {
                throw error(line, "unterminated character constant");
            }
            String body = unescape(input.substring(pos + 1, close), '\'');
            if (body.codePointCount(0, body.length()) != 1) {
                throw error(line, "malformed character constant: " + input.substring(pos, close + 1));
            }
            pos = close + 1;
            add(Type.CHAR, String.valueOf(body.codePointAt(0)), space);
        } else if ((c == '.' && pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1)))
                || ((Character.isDigit(c) || c == '+' || c == '-') && number.lookingAt())) {
            if (!number.lookingAt()) {
                throw error(line, "bad number syntax");
            }
            pos = number.end();
            if (pos < input.length() && isAlnum(input.charAt(pos))) {
                throw error(line, "bad number syntax: " + input.substring(number.start(), pos + 1));
            }
            add(Type.NUMBER, number.group(), space);
        } else if (c == '.') {
            pos++;
            String word = word();
            add(word.isEmpty() ? Type.DOT : Type.FIELD, word, space);
        } else if (c == '$') {
            pos++;
            add(Type.VARIABLE, "$" + word(), space);
        } else if (isAlnum(c)) {
            String word = word();
            Type type = switch (word) {
                case "true", "false" -> Type.BOOL;
                case "nil" -> Type.NIL;
                default -> Type.IDENT;
            };
            add(type, word, space);
        } else if (c == '|') {
            pos++;
            add(Type.PIPE, "|", space);
        } else if (c == '(') {
            pos++;
            add(Type.LPAREN, "(", space);
        } else if (c == ')') {
            pos++;
            add(Type.RPAREN, ")", space);
        } else if (input.startsWith(":=", pos)) {
            pos += 2;
            add(Type.DECLARE, ":=", space);
        } else if (c == '=') {
            pos++;
            add(Type.ASSIGN, "=", space);
        } else if (c == ',') {
            pos++;
            add(Type.COMMA, ",", space);
        } else {
            throw error(line, c < 0x7f && c > 0x20 ? "unexpected \"" + c + "\" in operand"
                    : "unrecognized character in action: " + quote(c));
        }
    }

    private String quoted() {
        int i = pos + 1;
        while (i < input.length() && input.charAt(i) != '"') {
            if (input.charAt(i) == '\\') {
                i++;
            }
            if (i < input.length() && input.charAt(i) == '\n') {
                throw error(line, "unterminated quoted string");
            }
            i++;
        }
        if (i >= input.length()) {
            throw error(line, "unterminated quoted string");
        }
        String body = input.substring(pos + 1, i);
        pos = i + 1;
        return unescape(body, '"');
    }

    private String unescape(String body, char quote) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw error(line, "invalid syntax in quoted string");
            }
            char e = body.charAt(i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"', '\'' -> {
                    if (e != quote) {
                        throw error(line, "invalid syntax in quoted string");
                    }
                    out.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits >= body.length()) {
                        throw error(line, "invalid syntax in quoted string");
                    }
                    out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 1 + digits), 16));
                    i += digits;
                }
                default -> {
                    if (e >= '0' && e <= '7' && i + 2 < body.length()) {
                        out.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw error(line, "invalid syntax in quoted string");
                    }
                }
            }
        }
        return out.toString();
    }

    private String word() {
        int start = pos;
        while (pos < input.length() && isAlnum(input.charAt(pos))) {
            pos++;
        }
        return input.substring(start, pos);
    }

    private void add(Type type, String text, boolean space) {
        tokens.add(new Token(type, text, line, space));
    }

    private void skipSpaces() {
        while (pos < input.length() && isSpace(pos)) {
            if (input.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }

    private boolean isSpace(int at) {
        if (at >= input.length()) {
            return false;
        }
        char c = input.charAt(at);
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlnum(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String stripLeading(String text) {
        int i = 0;
        while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return text.substring(i);
    }

    private static String stripTrailing(String text) {
        int i = text.length();
        while (i > 0 && " \t\r\n".indexOf(text.charAt(i - 1)) >= 0) {
            i--;
        }
        return text.substring(0, i);
    }

    private static int count(String text) {
        return (int) text.chars().filter(ch -> ch == '\n').count();
    }

    private static String quote(char c) {
        return "'" + c + "'";
    }

    private TemplateException error(int at, String reason) {
        return new TemplateException(name, at, reason);
    }
}
