package dev.tailtalos.config.domain;

/**
 * One lint finding: where, which rule, what is wrong and how to fix it. Never carries a secret value.
 *
 * @param file  repo-relative file, or {@code node <hostname>} for rendered documents
 * @param field the offending field, e.g. {@code ExtensionServiceConfig/tailscale:environment}
 */
public record LintFinding(Severity severity, String file, String field, String rule, String message, String fix) {

    public enum Severity { ERROR, WARNING }

    public static LintFinding error(String file, String field, String rule, String message, String fix) {
        return new LintFinding(Severity.ERROR, file, field, rule, message, fix);
    }

    public static LintFinding warning(String file, String field, String rule, String message, String fix) {
        return new LintFinding(Severity.WARNING, file, field, rule, message, fix);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + file + (field.isEmpty() ? "" : " " + field) + " [" + rule + "]: " + message + " Fix: " + fix;
    }
}
