package dev.tailtalos.monitor.domain;

import java.util.List;

/** A node's health: every check with its result; healthy only when every check passed. */
public record HealthVerdict(String nodeId, List<Check> checks, String endpoint, String talosVersion) {
    public record Check(String name, boolean ok, String detail) {
    }

    public boolean healthy() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    public String summary() {
        return checks.stream().filter(c -> !c.ok()).map(c -> c.name() + ": " + c.detail()).reduce((a, b) -> a + "; " + b)
                .orElse("all " + checks.size() + " checks passed");
    }
}
