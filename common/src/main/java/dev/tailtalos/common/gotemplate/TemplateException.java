package dev.tailtalos.common.gotemplate;

/** A Go template that does not parse or fails while executing; the message names the template and the line. */
public final class TemplateException extends RuntimeException {

    private final String template;
    private final int line;
    private final String reason;

    public TemplateException(String template, int line, String reason) {
        super(template + (line > 0 ? ":" + line : "") + ": " + reason);
        this.template = template;
        this.line = line;
        this.reason = reason;
    }

    public String template() {
        return template;
    }

    /** 1-based line in the template, 0 when unknown. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
