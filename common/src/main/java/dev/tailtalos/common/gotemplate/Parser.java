package dev.tailtalos.common.gotemplate;

import dev.tailtalos.common.gotemplate.Token.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds the parse tree like Go's text/template/parse, including its parse-time checks. */
final class Parser {

    private static final Set<String> UNSUPPORTED = Set.of("define", "template", "block");

    private final String name;
    private final List<Token> tokens;
    private final Set<String> functions;
    private final List<String> variables = new ArrayList<>(List.of("$"));
    private int pos;
    private int rangeDepth;

    private Parser(String name, List<Token> tokens, Set<String> functions) {
        this.name = name;
        this.tokens = tokens;
        this.functions = functions;
    }

    static List<Node> parse(String name, String text, Set<String> functions) {
        Parser parser = new Parser(name, Lexer.lex(name, text), functions);
        List<Node> list = new ArrayList<>();
        String end = parser.itemList(list);
        if (!end.equals("EOF")) {
            throw parser.error(parser.previous().line(), "unexpected {{" + end + "}}");
        }
        return list;
    }

    /** Parses nodes into {@code list} until {@code {{end}}}, {@code {{else}}} or EOF, and says which. */
    private String itemList(List<Node> list) {
        while (true) {
            Token token = next();
            switch (token.type()) {
                case EOF -> {
                    return "EOF";
                }
                case TEXT -> list.add(new Node.Text(token.line(), token.text()));
                case LEFT -> {
                    Token keyword = peek();
                    if (keyword.isKeyword("end") || keyword.isKeyword("else")) {
                        next();
                        return keyword.text();
                    }
                    list.add(action());
                }
                default -> throw unexpected(token, "input");
            }
        }
    }

    private Node action() {
        Token token = peek();
        if (token.is(Type.IDENT)) {
            switch (token.text()) {
                case "if", "range", "with" -> {
                    next();
                    return control(token.text(), token.line());
                }
                case "break", "continue" -> {
                    next();
                    expect(Type.RIGHT, token.text());
                    if (rangeDepth == 0) {
                        throw error(token.line(), "{{" + token.text() + "}} outside {{range}}");
                    }
                    return token.text().equals("break") ? new Node.Break(token.line()) : new Node.Continue(token.line());
                }
                default -> {
                    if (UNSUPPORTED.contains(token.text())) {
                        throw error(token.line(), "{{" + token.text() + "}} is not supported by tailtalos templates");
                    }
                }
            }
        }
        return new Node.Action(token.line(), pipeline("command", Type.RIGHT));
    }

    private Node.Branch control(String keyword, int line) {
        int mark = variables.size();
        try {
            Node.Pipeline pipe = pipeline(keyword, Type.RIGHT);
            if (keyword.equals("range")) {
                rangeDepth++;
            }
            List<Node> list = new ArrayList<>();
            String end = itemList(list);
            if (keyword.equals("range")) {
                rangeDepth--;
            }
            List<Node> elseList = new ArrayList<>();
            if (end.equals("else")) {
                Token chained = peek();
                if (!keyword.equals("range") && chained.isKeyword(keyword)) {
                    next();
                    elseList.add(control(keyword, chained.line()));
                    return new Node.Branch(line, keyword, pipe, list, elseList);
                }
                expect(Type.RIGHT, "else");
                end = itemList(elseList);
            }
            if (!end.equals("end")) {
                throw error(previous().line(), "unexpected " + (end.equals("EOF") ? "EOF" : "{{" + end + "}}")
                        + " in " + keyword + ", missing {{end}}");
            }
            expect(Type.RIGHT, "end");
            return new Node.Branch(line, keyword, pipe, list, elseList);
        } finally {
            while (variables.size() > mark) {
                variables.remove(variables.size() - 1);
            }
        }
    }

    private Node.Pipeline pipeline(String context, Type end) {
        int line = peek().line();
        int start = pos;
        List<String> declared = new ArrayList<>();
        boolean declare = false;
        if (peek().is(Type.VARIABLE)) {
            Token after = tokens.get(pos + 1);
            if (after.is(Type.DECLARE) || after.is(Type.ASSIGN)
                    || (after.is(Type.COMMA) && context.equals("range"))) {
                Token variable = next();
                declared.add(variable.text());
                if (next().is(Type.COMMA)) {
                    Token second = next();
                    if (!second.is(Type.VARIABLE)) {
                        throw error(second.line(), "range can only initialize variables");
                    }
                    declared.add(second.text());
                    Token op = next();
                    if (!op.is(Type.DECLARE) && !op.is(Type.ASSIGN)) {
                        throw unexpected(op, "range");
                    }
                    declare = op.is(Type.DECLARE);
                } else {
                    declare = tokens.get(pos - 1).is(Type.DECLARE);
                }
                for (String variable1 : declared) {
                    if (declare) {
                        variables.add(variable1);
                    } else if (!variables.contains(variable1)) {
                        throw error(variable.line(), "undefined variable \"" + variable1 + "\"");
                    }
                }
            }
        }
        List<Node.Command> commands = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.is(end)) {
                next();
                if (commands.isEmpty()) {
                    throw error(token.line(), "missing value for " + context);
                }
                return new Node.Pipeline(line, declared, declare, commands, source(start, pos - 1));
            }
            commands.add(command(end));
            if (peek().is(Type.PIPE)) {
                next();
                if (peek().is(end)) {
                    throw error(peek().line(), "missing command after |");
                }
            }
        }
    }

    private Node.Command command(Type end) {
        int line = peek().line();
        List<Node> args = new ArrayList<>();
        while (true) {
            args.add(operand());
            Token token = peek();
            if (token.is(end) || token.is(Type.PIPE) || token.is(Type.RPAREN) && end == Type.RPAREN) {
                return new Node.Command(line, args);
            }
            if (token.is(Type.RPAREN) || token.is(Type.RIGHT) || token.is(Type.EOF)) {
                throw unexpected(token, "operand");
            }
            if (!token.spaceBefore()) {
                throw unexpected(token, "operand");
            }
        }
    }

    private Node operand() {
        Node term = term();
        List<String> fields = new ArrayList<>();
        while (peek().is(Type.FIELD) && !peek().spaceBefore()) {
            fields.add(next().text());
        }
        if (fields.isEmpty()) {
            return term;
        }
        if (term instanceof Node.Field f) {
            return new Node.Field(f.line(), concat(f.names(), fields));
        }
        if (term instanceof Node.Variable v) {
            return new Node.Variable(v.line(), v.name(), concat(v.fields(), fields));
        }
        if (term instanceof Node.Parenthesized || term instanceof Node.Identifier) {
            return new Node.Chain(term.line(), term, fields);
        }
        throw error(term.line(), "unexpected . after term");
    }

    private Node term() {
        Token token = next();
        return switch (token.type()) {
            case IDENT -> {
                if (!functions.contains(token.text())) {
                    throw error(token.line(), "function \"" + token.text() + "\" not defined");
                }
                yield new Node.Identifier(token.line(), token.text());
            }
            case DOT -> new Node.Dot(token.line());
            case NIL -> new Node.Nil(token.line());
            case VARIABLE -> {
                if (!variables.contains(token.text())) {
                    throw error(token.line(), "undefined variable \"" + token.text() + "\"");
                }
                yield new Node.Variable(token.line(), token.text(), List.of());
            }
            case FIELD -> new Node.Field(token.line(), List.of(token.text()));
            case BOOL -> new Node.Literal(token.line(), Boolean.valueOf(token.text()), token.text());
            case STRING -> new Node.Literal(token.line(), token.text(), '"' + token.text() + '"');
            case CHAR -> new Node.Literal(token.line(), Long.valueOf(token.text()), token.text());
            case NUMBER -> new Node.Literal(token.line(), number(token), token.text());
            case LPAREN -> new Node.Parenthesized(token.line(), pipeline("parenthesized pipeline", Type.RPAREN));
            default -> throw unexpected(token, "operand");
        };
    }

    private Object number(Token token) {
        String text = token.text().replace("_", "");
        if (text.endsWith("i")) {
            throw error(token.line(), "complex numbers are not supported: " + text);
        }
        boolean negative = text.startsWith("-");
        String digits = text.replaceFirst("^[+-]", "");
        int radix = 10;
        if (digits.matches("0[xX].*")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.matches("0[bB].*")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.matches("0[oO].*")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (digits.matches("0[0-7]+")) {
            radix = 8;
        } else if (digits.matches(".*[.eE].*")) {
            return Double.parseDouble(text);
        }
        BigInteger value = new BigInteger(digits, radix);
        if (negative) {
            value = value.negate();
        }
        if (value.bitLength() > 63) {
            throw error(token.line(), "number out of range: " + text);
        }
        return value.longValue();
    }

    private String source(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.spaceBefore() && out.length() > 0) {
                out.append(' ');
            }
            out.append(switch (t.type()) {
                case FIELD -> "." + t.text();
                case STRING -> '"' + t.text() + '"';
                default -> t.text();
            });
        }
        return out.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void expect(Type type, String context) {
        Token token = next();
        if (!token.is(type)) {
            throw unexpected(token, context);
        }
    }

    private Token next() {
        return tokens.get(Math.min(pos++, tokens.size() - 1));
    }

    private Token peek() {
        return tokens.get(Math.min(pos, tokens.size() - 1));
    }

    private Token previous() {
        return tokens.get(Math.max(0, Math.min(pos - 1, tokens.size() - 1)));
    }

    private TemplateException unexpected(Token token, String context) {
        return error(token.line(), "unexpected " + token.describe() + " in " + context);
    }

    private TemplateException error(int line, String reason) {
        return new TemplateException(name, line, reason);
    }
}
