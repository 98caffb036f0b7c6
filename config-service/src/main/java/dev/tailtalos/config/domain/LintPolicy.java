package dev.tailtalos.config.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which lint findings refuse a render and which only warn. A rule named in {@code ignore} is dropped, one in
 * {@code block} refuses, one in {@code warn} warns; any other rule blocks when {@code blockErrors} and the finding is an
 * error, else warns.
 */
public record LintPolicy(Set<String> block, Set<String> warn, Set<String> ignore, boolean blockErrors) {

    /** {@code tailtalos render}: findings are printed, nothing is refused for them (talhelper knows no lint). */
    public static final LintPolicy INFORM = new LintPolicy(Set.of(), Set.of(), Set.of(), false);
    /** {@code render --strict}: lint errors and Talos config schema violations refuse the render. */
    public static final LintPolicy STRICT = new LintPolicy(
            Set.of(LintRules.TALOS_SCHEMA, LintRules.TALOS_SCHEMA_UNKNOWN_FIELD), Set.of(), Set.of(), true);
    /**
     * A rollout without a {@code lint:} policy: a secret in plain text and a value Talos would refuse (wrong type or
     * form under the Talos config schema) refuse it; every other finding is a warning recorded with it.
     */
    public static final LintPolicy ROLLOUT_DEFAULT = new LintPolicy(
            Set.of(LintRules.PLAINTEXT_AUTH_KEY, LintRules.TALOS_SCHEMA), Set.of(), Set.of(), false);

    public LintPolicy {
        block = Set.copyOf(block);
        warn = Set.copyOf(warn);
        ignore = Set.copyOf(ignore);
    }

    /** @param blocking findings that refuse the render; warnings the ones let through (ignored rules dropped) */
    public record Verdict(List<LintFinding> blocking, List<LintFinding> warnings) {
        public Verdict {
            blocking = List.copyOf(blocking);
            warnings = List.copyOf(warnings);
        }

        /** The blocking findings as problems, each naming file, field, rule and fix. */
        public List<ConfigProblem> problems() {
            return blocking.stream().map(f -> ConfigProblem.error(f.file(), 0, f.field(),
                    "[" + f.rule() + "] " + f.message() + ". Fix: " + f.fix())).toList();
        }
    }

    public Verdict judge(List<LintFinding> findings) {
        List<LintFinding> blocking = new ArrayList<>();
        List<LintFinding> warnings = new ArrayList<>();
        for (LintFinding finding : findings) {
            String rule = finding.rule();
            if (ignore.contains(rule)) {
                continue;
            }
            boolean blocks = block.contains(rule) || (!warn.contains(rule) && blockErrors && finding.isError());
            (blocks ? blocking : warnings).add(finding);
        }
        return new Verdict(blocking, warnings);
    }
}
