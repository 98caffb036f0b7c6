package dev.tailtalos.common.crypto.sops;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** The comment lines of one YAML document in file order, handed out to the collections they belong to. */
final class YamlCommentCursor {
    record Line(int line, int column, boolean inline, String text) {
    }

    /** Where the token after a node starts. */
    record Next(int line, int column) {
    }

    private final List<Line> lines;
    private int next;

    YamlCommentCursor(List<Line> lines) {
        this.lines = lines;
    }

    /** Every comment of the text by document (comments before a "---" go with the document before it). */
    static List<List<Line>> byDocument(Yaml parser, String text) {
        List<List<Line>> docs = new ArrayList<>();
        List<Line> current = new ArrayList<>();
        boolean started = false;
        for (Event e : parser.parse(new StringReader(text))) {
            if (e instanceof DocumentStartEvent) {
                if (started) {
                    docs.add(current);
                    current = new ArrayList<>();
                }
                started = true;
            } else if (e instanceof CommentEvent c && c.getCommentType() != CommentType.BLANK_LINE) {
                current.add(new Line(c.getStartMark().getLine(), c.getStartMark().getColumn(),
                        c.getCommentType() == CommentType.IN_LINE, c.getValue()));
            }
        }
        docs.add(current);
        return docs;
    }

    /** Takes the comments above {@code line} as comments before entry {@code index}. */
    void before(int line, int index, List<PlacedComment> into) {
        while (next < lines.size() && lines.get(next).line() < line) {
            into.add(new PlacedComment(index, new SopsComment(lines.get(next++).text())));
        }
    }

    /** Takes a comment that follows a scalar on its last line as an inline comment before entry {@code index}. */
    void inline(int line, int index, List<PlacedComment> into) {
        if (next < lines.size() && lines.get(next).inline() && lines.get(next).line() == line) {
            into.add(new PlacedComment(index, new SopsComment(lines.get(next++).text(), true)));
        }
    }

    /**
     * Takes the comments after a collection's last entry that are indented deeper than the token after it (the
     * others belong to that token). The innermost collection ending there takes the first of them and those that follow
     * without going back left; an enclosing collection takes the rest indented at least as far as its own entries.
     */
    void trailing(Next after, boolean innermost, int entryColumn, int size, List<PlacedComment> into) {
        int previous = -1;
        while (next < lines.size() && lines.get(next).line() < after.line()
                && lines.get(next).column() > after.column()) {
            int column = lines.get(next).column();
            boolean take = innermost ? previous < 0 || column >= previous : column >= entryColumn;
            if (!take) {
                return;
            }
            previous = column;
            into.add(new PlacedComment(size, new SopsComment(lines.get(next++).text())));
        }
    }

    /** Takes the comment that follows something ending on {@code line}, if there is one. */
    SopsComment takeInline(int line) {
        if (next < lines.size() && lines.get(next).inline() && lines.get(next).line() == line) {
            return new SopsComment(lines.get(next++).text(), true);
        }
        return null;
    }

    /** Takes every comment not taken yet (the foot of a document). */
    void rest(int size, List<PlacedComment> into) {
        while (next < lines.size()) {
            into.add(new PlacedComment(size, new SopsComment(lines.get(next++).text())));
        }
    }
}
