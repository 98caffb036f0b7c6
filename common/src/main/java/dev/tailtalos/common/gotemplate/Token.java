package dev.tailtalos.common.gotemplate;

/**
 * One lexeme of a template.
 *
 * @param text        the decoded value (strings unquoted, fields without the dot)
 * @param spaceBefore whitespace separates it from the previous token (it starts a new argument)
 */
record Token(Type type, String text, int line, boolean spaceBefore) {

    enum Type { TEXT, LEFT, RIGHT, IDENT, FIELD, DOT, VARIABLE, STRING, NUMBER, CHAR, BOOL, NIL, PIPE, LPAREN, RPAREN,
        DECLARE, ASSIGN, COMMA, EOF }

    boolean is(Type t) {
        return type == t;
    }

    boolean isKeyword(String word) {
        return type == Type.IDENT && text.equals(word);
    }

    String describe() {
        return switch (type) {
            case EOF -> "EOF";
            case RIGHT -> "}}";
            case TEXT -> "text";
            case STRING -> '"' + text + '"';
            case FIELD -> "." + text;
            default -> '"' + text + '"';
        };
    }
}
