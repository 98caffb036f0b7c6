package dev.tailtalos.common.yaml;

/** A YAML input that cannot be read or written; names the source and, when known, the 1-based line. */
public class YamlException extends RuntimeException {

    private final String source;
    private final int line;
    private final String reason;
    private final String path;

    public YamlException(String source, int line, String message) {
        this(source, line, message, null);
    }

    public YamlException(String source, int line, String message, Throwable cause) {
        this(source, line, "", message, cause);
    }

    /** @param path where in the document, e.g. {@code nodes[1].hostname} ("" when unknown, as for syntax errors) */
    public YamlException(String source, int line, String path, String message, Throwable cause) {
        super(format(source, line, message), cause);
        this.source = source;
        this.line = line;
        this.path = path;
        this.reason = message;
    }

    /** The path of the offending node ({@code nodes[1].hostname}), or "" when the error is in the YAML syntax. */
    public String path() {
        return path;
    }

    /** The message without the source and line. */
    public String reason() {
        return reason;
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    private static String format(String source, int line, String message) {
        return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
    }
}
