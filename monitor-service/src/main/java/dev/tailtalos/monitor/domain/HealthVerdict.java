package dev.tailtalos.monitor.domain;

import java.util.List;

/** A node's health: every check with its result; healthy only when no check failed. */
public record HealthVerdict(String nodeId, List<Check> checks, String endpoint, String talosVersion) {

    public enum Result { PASS, WARN, FAIL, SKIPPED }

    /**
     * @param path which way the check went: "lan", "tailnet", "tailscale-api", "audit"
     * @param recommendation what to do about a WARN or FAIL ("" otherwise)
     */
    public record Check(String name, Result result, String detail, String recommendation, String path) {
        public Check {
            detail = detail == null ? "" : detail;
            recommendation = recommendation == null ? "" : recommendation;
            path = path == null ? "" : path;
        }

        public Check(String name, boolean ok, String detail) {
            this(name, ok ? Result.PASS : Result.FAIL, detail, "", "lan");
        }

        public static Check pass(String name, String path, String detail) {
            return new Check(name, Result.PASS, detail, "", path);
        }

        public static Check warn(String name, String path, String detail, String recommendation) {
            return new Check(name, Result.WARN, detail, recommendation, path);
        }

        public static Check fail(String name, String path, String detail, String recommendation) {
            return new Check(name, Result.FAIL, detail, recommendation, path);
        }

        public static Check skipped(String name, String path, String why) {
            return new Check(name, Result.SKIPPED, why, "", path);
        }

        /** PASS and WARN are ok; SKIPPED is neither ok nor a failure (see {@link HealthVerdict#healthy()}). */
        public boolean ok() {
            return result == Result.PASS || result == Result.WARN;
        }
    }

    public boolean healthy() {
        return checks.stream().anyMatch(Check::ok) && checks.stream().noneMatch(c -> c.result() == Result.FAIL);
    }

    /** The FAILs and WARNs, else "all N checks passed" counting the checks that ran, and which were skipped. */
    public String summary() {
        List<String> skipped = checks.stream().filter(c -> c.result() == Result.SKIPPED).map(Check::name).toList();
        return checks.stream().filter(c -> c.result() == Result.FAIL || c.result() == Result.WARN)
                .map(c -> c.name() + " " + c.result() + ": " + c.detail()).reduce((a, b) -> a + "; " + b)
                .orElse("all " + (checks.size() - skipped.size()) + " checks " + (skipped.isEmpty() ? "passed"
                        : "that ran passed; " + skipped.size() + " skipped: " + String.join(", ", skipped)));
    }
}
