package dev.tailtalos.deployer.domain;

import java.util.Locale;

/** What a worker does to a node: apply the rollout's config, confirm a tried config, or roll back to last-known-good. */
public enum StepPurpose {
    APPLY, CONFIRM, ROLLBACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepPurpose fromWire(String s) {
        return s == null || s.isEmpty() ? APPLY : valueOf(s.toUpperCase(Locale.ROOT));
    }
}
