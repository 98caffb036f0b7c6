package dev.tailtalos.config.domain;

import java.util.List;

/** Every lint rule id a finding can carry, as lint prints them and a lint policy names them. */
public final class LintRules {

    public static final String PLAINTEXT_AUTH_KEY = "plaintext-auth-key";
    /** A rendered document outside the Talos config schema of its line. */
    public static final String TALOS_SCHEMA = "talos-schema";
    /**
     * A field the Talos config schema of the line does not list. Talos still decodes deprecated fields its schema no
     * longer lists (machine.network on v1.13), so this one only warns by default.
     */
    public static final String TALOS_SCHEMA_UNKNOWN_FIELD = "talos-schema-unknown-field";

    public static final List<String> ALL = List.of(
            "tailscale-extension-missing", "tailscale-config-missing", "auth-once-ignores-extra-args",
            "auth-always-with-expiring-key", "auth-always-needs-reusable-key", "ephemeral-key-on-infrastructure",
            "state-dir-missing", "state-dir-overridden", "kubelet-subnets-include-tailnet",
            "etcd-subnets-include-tailnet", "magicdns-name-not-in-certsans", PLAINTEXT_AUTH_KEY, "unreadable-repo",
            TALOS_SCHEMA, TALOS_SCHEMA_UNKNOWN_FIELD);

    private LintRules() {
    }

    /** A schema violation as a lint finding (talos-schema or, for unlisted fields, talos-schema-unknown-field). */
    public static LintFinding schemaFinding(ConfigProblem problem) {
        String rule = problem.message().contains("is not defined in the schema") ? TALOS_SCHEMA_UNKNOWN_FIELD
                : TALOS_SCHEMA;
        return new LintFinding(problem.severity() == ConfigProblem.Severity.ERROR ? LintFinding.Severity.ERROR
                : LintFinding.Severity.WARNING, problem.file(), problem.field(), rule, problem.message(),
                "change the patch or talconfig value that produces " + problem.field()
                        + " to the form the Talos config schema of this Talos line describes");
    }
}
