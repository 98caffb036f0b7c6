package dev.tailtalos.config.domain;

/**
 * One finding about the cluster repo.
 *
 * @param file  repo-relative file name
 * @param line  1-based line, or 0 when unknown
 * @param field path of the offending value, e.g. {@code nodes[1].ipAddress}; empty for the whole file
 */
public record ConfigProblem(Severity severity, String file, int line, String field, String message) {

    public enum Severity { ERROR, WARNING }

    public static ConfigProblem error(String file, int line, String field, String message) {
        return new ConfigProblem(Severity.ERROR, file, line, field, message);
    }

    public static ConfigProblem warning(String file, int line, String field, String message) {
        return new ConfigProblem(Severity.WARNING, file, line, field, message);
    }

    public ConfigProblem asWarning() {
        return new ConfigProblem(Severity.WARNING, file, line, field, message);
    }

    @Override
    public String toString() {
        return severity + " " + file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
