package dev.tailtalos.deployer.domain;

import java.util.Arrays;
import java.util.Locale;

/** What a new rollout does when an older, still running rollout has some of its nodes. */
public enum OnConflict {
    /** The older rollout is SUPERSEDED: it starts no new node, its running steps finish, the new one takes the rest. */
    SUPERSEDE,
    /** The new rollout waits until every older rollout with one of its nodes has ended. */
    QUEUE,
    /** The new rollout fails at once. */
    REJECT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OnConflict parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return SUPERSEDE;
        }
        return Arrays.stream(values()).filter(v -> v.wire().equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(field + ": '" + value
                        + "' is not one of supersede, queue, reject"));
    }
}
