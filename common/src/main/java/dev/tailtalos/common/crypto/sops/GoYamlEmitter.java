package dev.tailtalos.common.crypto.sops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The block-style part of go-yaml v3's emitter (emitterc.go) as sops drives it: indent 4, no line width,
 * unicode output, empty collections in flow style, head/line/foot comments. The state machine, the indent rule and
 * the scalar analysis follow the Go code so the output is byte-identical to {@code sops decrypt}.
 */
final class GoYamlEmitter {
    enum Kind { DOC_START, DOC_END, MAP_START, MAP_END, SEQ_START, SEQ_END, SCALAR }

    /** Scalar styles; MERGE is the plain {@code <<} written with its {@code !!merge} tag. */
    enum Style { PLAIN, SINGLE, DOUBLE, LITERAL, MERGE }

    /** One emitter event; comments are YAML comment text ("#…" lines joined by newlines), empty when absent. */
    record Event(Kind kind, String value, Style style, String head, String line, String foot, String tail) {
        static Event of(Kind kind) {
            return new Event(kind, "", Style.PLAIN, "", "", "", "");
        }
    }

    private enum State {
        DOC_START, DOC_CONTENT, DOC_END, SEQ_FIRST, SEQ_ITEM, MAP_FIRST_KEY, MAP_KEY, MAP_SIMPLE_VALUE, MAP_VALUE,
        FLOW_SEQ_FIRST, FLOW_MAP_FIRST
    }

    private static final int BEST_INDENT = 4;

    private final StringBuilder out = new StringBuilder();
    private final List<Event> events;
    private int head;
    private State state = State.DOC_START;
    private final Deque<State> states = new ArrayDeque<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int indent = -1;
    private int flowLevel;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private int footIndent = -1;
    private boolean firstDocument = true;
    private boolean simpleKeyContext;
    private String headComment = "";
    private String lineComment = "";
    private String footComment = "";
    private String tailComment = "";
    private String keyLineComment = "";
    private Analysis scalar;

    private GoYamlEmitter(List<Event> events) {
        this.events = events;
    }

    static String emit(List<Event> events) {
        GoYamlEmitter e = new GoYamlEmitter(events);
        while (e.head < events.size()) {
            Event event = events.get(e.head);
            e.analyze(event);
            e.dispatch(event);
            e.head++;
        }
        return e.out.toString();
    }

    private void analyze(Event e) {
        if (!e.head().isEmpty()) {
            headComment = e.head();
        }
        if (!e.line().isEmpty()) {
            lineComment = e.line();
        }
        if (!e.foot().isEmpty()) {
            footComment = e.foot();
        }
        if (!e.tail().isEmpty()) {
            tailComment = e.tail();
        }
        if (e.kind() == Kind.SCALAR) {
            scalar = Analysis.of(e.value());
        }
    }

    private void dispatch(Event e) {
        switch (state) {
            case DOC_START -> documentStart(e);
            case DOC_CONTENT -> documentContent(e);
            case DOC_END -> documentEnd(e);
            case SEQ_FIRST -> sequenceItem(e, true);
            case SEQ_ITEM -> sequenceItem(e, false);
            case MAP_FIRST_KEY -> mappingKey(e, true);
            case MAP_KEY -> mappingKey(e, false);
            case MAP_SIMPLE_VALUE -> mappingValue(e, true);
            case MAP_VALUE -> mappingValue(e, false);
            case FLOW_SEQ_FIRST -> flowEmpty(e, "[", "]");
            case FLOW_MAP_FIRST -> flowEmpty(e, "{", "}");
        }
    }

    private void documentStart(Event e) {
        if (!firstDocument) {
            writeIndent();
            writeIndicator("---", true, false, false);
            writeIndent();
        }
        firstDocument = false;
        if (!headComment.isEmpty()) {
            processHeadComment();
            putBreak();
        }
        state = State.DOC_CONTENT;
    }

    private void documentContent(Event e) {
        states.push(State.DOC_END);
        processHeadComment();
        node(e, false);
        processLineComment(false);
        processFootComment();
    }

    private void documentEnd(Event e) {
        footIndent = 0;
        processFootComment();
        footIndent = -1;
        writeIndent();
        state = State.DOC_START;
    }

    private void sequenceItem(Event e, boolean first) {
        if (first) {
            increaseIndent(false, false);
        }
        if (e.kind() == Kind.SEQ_END) {
            indent = indents.pop();
            state = states.pop();
            return;
        }
        processHeadComment();
        writeIndent();
        writeIndicator("-", true, false, true);
        states.push(State.SEQ_ITEM);
        node(e, false);
        processLineComment(false);
        processFootComment();
    }

    private void mappingKey(Event e, boolean first) {
        if (first) {
            increaseIndent(false, false);
        }
        processHeadComment();
        if (e.kind() == Kind.MAP_END) {
            indent = indents.pop();
            state = states.pop();
            return;
        }
        writeIndent();
        if (!lineComment.isEmpty()) {
            keyLineComment = lineComment;
            lineComment = "";
        }
        if (simpleKey(e)) {
            states.push(State.MAP_SIMPLE_VALUE);
            node(e, true);
            return;
        }
        writeIndicator("?", true, false, true);
        states.push(State.MAP_VALUE);
        node(e, false);
    }

    private void mappingValue(Event e, boolean simple) {
        if (simple) {
            writeIndicator(":", false, false, false);
        } else {
            writeIndent();
            writeIndicator(":", true, false, true);
        }
        if (!keyLineComment.isEmpty()) {
            if (e.kind() == Kind.SCALAR) {
                if (lineComment.isEmpty()) {
                    lineComment = keyLineComment;
                    keyLineComment = "";
                }
            } else if (e.kind() == Kind.MAP_START || e.kind() == Kind.SEQ_START) {
                String own = lineComment;
                lineComment = keyLineComment;
                processLineComment(false);
                keyLineComment = "";
                lineComment = own;
            }
        }
        states.push(State.MAP_KEY);
        node(e, false);
        processLineComment(false);
        processFootComment();
    }

    private void flowEmpty(Event e, String open, String close) {
        writeIndicator(open, true, true, false);
        increaseIndent(true, false);
        flowLevel++;
        if (!headComment.isEmpty() || !footComment.isEmpty() || !tailComment.isEmpty()) {
            processHeadComment();
        }
        flowLevel--;
        indent = indents.pop();
        writeIndicator(close, false, false, false);
        processLineComment(false);
        processFootComment();
        state = states.pop();
    }

    private boolean simpleKey(Event e) {
        return switch (e.kind()) {
            case SCALAR -> !scalar.multiline && e.value().getBytes(StandardCharsets.UTF_8).length <= 128;
            case MAP_START, SEQ_START -> isEmptyCollection();
            default -> false;
        };
    }

    private boolean isEmptyCollection() {
        if (head + 1 >= events.size()) {
            return false;
        }
        Kind k = events.get(head).kind();
        Kind next = events.get(head + 1).kind();
        return k == Kind.MAP_START && next == Kind.MAP_END || k == Kind.SEQ_START && next == Kind.SEQ_END;
    }

    private void node(Event e, boolean simpleKey) {
        simpleKeyContext = simpleKey;
        switch (e.kind()) {
            case SCALAR -> emitScalar(e);
            case SEQ_START -> state = isEmptyCollection() || flowLevel > 0 ? State.FLOW_SEQ_FIRST : State.SEQ_FIRST;
            case MAP_START -> state = isEmptyCollection() || flowLevel > 0 ? State.FLOW_MAP_FIRST : State.MAP_FIRST_KEY;
            default -> throw new IllegalStateException("unexpected " + e.kind());
        }
    }

    private void emitScalar(Event e) {
        Style scalarStyle = e.style() == Style.MERGE ? Style.MERGE
                : selectStyle(e.style(), scalar, flowLevel, simpleKeyContext);
        if (scalarStyle == Style.MERGE) {
            writeIndicator("!!merge", true, false, false);
        }
        increaseIndent(true, false);
        String v = e.value();
        switch (scalarStyle) {
            case PLAIN, MERGE -> writePlain(v);
            case SINGLE -> writeSingleQuoted(v, !simpleKeyContext);
            case DOUBLE -> writeDoubleQuoted(v);
            case LITERAL -> writeLiteral(v);
        }
        indent = indents.pop();
        state = states.pop();
    }

    /** yaml_emitter_select_scalar_style for scalars without tags. */
    static Style selectStyle(Style requested, Analysis a, int flowLevel, boolean simpleKey) {
        Style style = requested;
        if (simpleKey && a.multiline) {
            style = Style.DOUBLE;
        }
        if (style == Style.PLAIN) {
            if (flowLevel > 0 && !a.flowPlainAllowed || flowLevel == 0 && !a.blockPlainAllowed) {
                style = Style.SINGLE;
            }
            if (a.empty && (flowLevel > 0 || simpleKey)) {
                style = Style.SINGLE;
            }
        }
        if (style == Style.SINGLE && !a.singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        if (style == Style.LITERAL && (!a.blockAllowed || flowLevel > 0 || simpleKey)) {
            style = Style.DOUBLE;
        }
        return style;
    }

    private void increaseIndent(boolean flow, boolean indentless) {
        indents.push(indent);
        if (indent < 0) {
            indent = flow ? BEST_INDENT : 0;
        } else if (!indentless) {
            if (!states.isEmpty() && states.peek() == State.SEQ_ITEM) {
                indent += 2;
            } else {
                indent = BEST_INDENT * ((indent + BEST_INDENT) / BEST_INDENT);
            }
        }
    }

    private void processHeadComment() {
        if (!tailComment.isEmpty()) {
            writeIndent();
            writeComment(tailComment);
            tailComment = "";
            footIndent = Math.max(indent, 0);
        }
        if (headComment.isEmpty()) {
            return;
        }
        writeIndent();
        writeComment(headComment);
        headComment = "";
    }

    private void processLineComment(boolean linebreak) {
        if (lineComment.isEmpty()) {
            if (linebreak) {
                putBreak();
            }
            return;
        }
        if (!whitespace) {
            put(' ');
        }
        writeComment(lineComment);
        lineComment = "";
    }

    private void processFootComment() {
        if (footComment.isEmpty()) {
            return;
        }
        writeIndent();
        writeComment(footComment);
        footComment = "";
        footIndent = Math.max(indent, 0);
    }

    private void writeIndent() {
        int ind = Math.max(indent, 0);
        if (!indention || column > ind || (column == ind && !whitespace)) {
            putBreak();
        }
        if (footIndent == ind) {
            putBreak();
        }
        while (column < ind) {
            put(' ');
        }
        whitespace = true;
        footIndent = -1;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
        if (needWhitespace && !whitespace) {
            put(' ');
        }
        out.append(indicator);
        column += indicator.length();
        whitespace = isWhitespace;
        indention = indention && isIndention;
    }

    private void put(char c) {
        out.append(c);
        column++;
    }

    private void putBreak() {
        out.append('\n');
        column = 0;
        indention = true;
    }

    private void write(int codePoint) {
        out.appendCodePoint(codePoint);
        column++;
    }

    /** write_break: a newline starts a line; other break characters are copied as they are. */
    private void writeBreak(int codePoint) {
        if (codePoint == '\n') {
            putBreak();
        } else {
            out.appendCodePoint(codePoint);
            column = 0;
            indention = true;
        }
    }

    private void writePlain(String value) {
        if (!value.isEmpty() && !whitespace) {
            put(' ');
        }
        boolean breaks = false;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (Analysis.isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
        if (!value.isEmpty()) {
            whitespace = false;
        }
        indention = false;
    }

    private void writeSingleQuoted(String value, boolean allowBreaks) {
        writeIndicator("'", true, false, false);
        boolean breaks = false;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (Analysis.isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                if (c == '\'') {
                    put('\'');
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
        writeIndicator("'", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeDoubleQuoted(String value) {
        writeIndicator("\"", true, false, false);
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (!Analysis.isPrintable(c) || c == 0xFEFF || Analysis.isBreak(c) || c == '"' || c == '\\') {
                put('\\');
                String esc = switch (c) {
                    case 0x00 -> "0";
                    case 0x07 -> "a";
                    case 0x08 -> "b";
                    case 0x09 -> "t";
                    case 0x0A -> "n";
                    case 0x0B -> "v";
                    case 0x0C -> "f";
                    case 0x0D -> "r";
                    case 0x1B -> "e";
                    case 0x22 -> "\"";
                    case 0x5C -> "\\";
                    case 0x85 -> "N";
                    case 0xA0 -> "_";
                    case 0x2028 -> "L";
                    case 0x2029 -> "P";
                    default -> c <= 0xFF ? String.format("x%02X", c)
                            : c <= 0xFFFF ? String.format("u%04X", c) : String.format("U%08X", c);
                };
                out.append(esc);
                column += esc.length();
            } else {
                write(c);
            }
        }
        writeIndicator("\"", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeLiteral(String value) {
        writeIndicator("|", true, false, false);
        writeBlockHints(value);
        processLineComment(true);
        whitespace = true;
        boolean breaks = true;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (Analysis.isBreak(c)) {
                writeBreak(c);
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
    }

    private void writeBlockHints(String value) {
        if (!value.isEmpty() && (value.charAt(0) == ' ' || Analysis.isBreak(value.codePointAt(0)))) {
            writeIndicator(String.valueOf(BEST_INDENT), false, false, false);
        }
        String chomp = "";
        if (value.isEmpty()) {
            chomp = "-";
        } else {
            int last = value.codePointBefore(value.length());
            int lastStart = value.length() - Character.charCount(last);
            if (!Analysis.isBreak(last)) {
                chomp = "-";
            } else if (lastStart == 0) {
                chomp = "+";
            } else if (Analysis.isBreak(value.codePointBefore(lastStart))) {
                chomp = "+";
            }
        }
        if (!chomp.isEmpty()) {
            writeIndicator(chomp, false, false, false);
        }
    }

    private void writeComment(String comment) {
        boolean breaks = false;
        boolean pound = false;
        for (int i = 0; i < comment.length(); ) {
            int c = comment.codePointAt(i);
            i += Character.charCount(c);
            if (Analysis.isBreak(c)) {
                writeBreak(c);
                breaks = true;
                pound = false;
            } else {
                if (breaks) {
                    writeIndent();
                }
                if (!pound) {
                    if (c != '#') {
                        put('#');
                        put(' ');
                    }
                    pound = true;
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
        if (!breaks) {
            putBreak();
        }
        whitespace = true;
    }

    /** yaml_emitter_analyze_scalar: which styles can carry a value unchanged. */
    record Analysis(boolean empty, boolean multiline, boolean flowPlainAllowed, boolean blockPlainAllowed,
                    boolean singleQuotedAllowed, boolean blockAllowed) {

        static Analysis of(String value) {
            if (value.isEmpty()) {
                return new Analysis(true, false, false, true, true, false);
            }
            boolean blockIndicators = false;
            boolean flowIndicators = false;
            boolean lineBreaks = false;
            boolean specialCharacters = false;
            boolean tabCharacters = false;
            boolean leadingSpace = false;
            boolean leadingBreak = false;
            boolean trailingSpace = false;
            boolean trailingBreak = false;
            boolean breakSpace = false;
            boolean spaceBreak = false;
            boolean previousSpace = false;
            boolean previousBreak = false;
            if (value.startsWith("---") || value.startsWith("...")) {
                blockIndicators = true;
                flowIndicators = true;
            }
            boolean precededByWhitespace = true;
            int[] cps = value.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                int c = cps[i];
                boolean followedByWhitespace = i + 1 >= cps.length || cps[i + 1] == ' ' || cps[i + 1] == '\t';
                if (i == 0) {
                    switch (c) {
                        case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                        case '?', ':' -> {
                            flowIndicators = true;
                            blockIndicators |= followedByWhitespace;
                        }
                        case '-' -> {
                            if (followedByWhitespace) {
                                flowIndicators = true;
                                blockIndicators = true;
                            }
                        }
                        default -> {
                        }
                    }
                } else {
                    switch (c) {
                        case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
                        case ':' -> {
                            flowIndicators = true;
                            blockIndicators |= followedByWhitespace;
                        }
                        case '#' -> {
                            if (precededByWhitespace) {
                                flowIndicators = true;
                                blockIndicators = true;
                            }
                        }
                        default -> {
                        }
                    }
                }
                if (c == '\t') {
                    tabCharacters = true;
                } else if (!isPrintable(c)) {
                    specialCharacters = true;
                }
                boolean last = i == cps.length - 1;
                if (c == ' ') {
                    leadingSpace |= i == 0;
                    trailingSpace |= last;
                    breakSpace |= previousBreak;
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(c)) {
                    lineBreaks = true;
                    leadingBreak |= i == 0;
                    trailingBreak |= last;
                    spaceBreak |= previousSpace;
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = c == ' ' || c == '\t' || isBreak(c) || c == 0;
            }
            boolean flowPlain = true;
            boolean blockPlain = true;
            boolean single = true;
            boolean block = true;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                flowPlain = false;
                blockPlain = false;
            }
            if (trailingSpace) {
                block = false;
            }
            if (breakSpace) {
                flowPlain = false;
                blockPlain = false;
                single = false;
            }
            if (spaceBreak || tabCharacters || specialCharacters) {
                flowPlain = false;
                blockPlain = false;
                single = false;
            }
            if (spaceBreak || specialCharacters) {
                block = false;
            }
            if (lineBreaks) {
                flowPlain = false;
                blockPlain = false;
            }
            if (flowIndicators) {
                flowPlain = false;
            }
            if (blockIndicators) {
                blockPlain = false;
            }
            return new Analysis(false, lineBreaks, flowPlain, blockPlain, single, block);
        }

        static boolean isBreak(int c) {
            return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
        }

        /** go-yaml's is_printable; code points outside the Basic Multilingual Plane count as not printable. */
        static boolean isPrintable(int c) {
            return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
        }
    }
}
