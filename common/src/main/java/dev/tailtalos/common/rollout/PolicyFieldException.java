package dev.tailtalos.common.rollout;

/** A rollout policy value that is refused: names where it came from, the field and (for files) the line. */
public class PolicyFieldException extends IllegalArgumentException {
    private final String field;

    public PolicyFieldException(String where, int line, String field, String message) {
        super(where + (line > 0 ? ":" + line : "") + (where.isEmpty() && line <= 0 ? "" : " ") + field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
